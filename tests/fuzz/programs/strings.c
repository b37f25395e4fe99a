/* String handling on a growable buffer: tokenising, case mapping, escaping,
   number formatting, word counts in a chained hash table, sorting and joining.
   Buffers grow with realloc from small sizes so that every step reallocates,
   and choices are written as `x = c ? f(a) : g(b)` on purpose: a compiler turns
   those into blocks whose value comes from a call. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct str { char *data; size_t len, cap; };

static size_t grow_calls;

static void reserve(struct str *s, size_t extra) {
    if (s->len + extra + 1 <= s->cap)
        return;
    size_t cap = s->cap ? s->cap : 4;
    while (cap < s->len + extra + 1)
        cap = cap < 64 ? cap * 2 : cap + cap / 2;
    s->data = realloc(s->data, cap);
    s->cap = cap;
    grow_calls++;
}

static struct str *push_char(struct str *s, char c) {
    reserve(s, 1);
    s->data[s->len++] = c;
    s->data[s->len] = 0;
    return s;
}

static struct str *push(struct str *s, const char *text, size_t n) {
    reserve(s, n);
    memcpy(s->data + s->len, text, n);
    s->len += n;
    s->data[s->len] = 0;
    return s;
}

static struct str *push_cstr(struct str *s, const char *text) { return push(s, text, strlen(text)); }

static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }
static int is_alpha(char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t count_calls;
static size_t counted(size_t n) { count_calls++; return n; }
static size_t doubled(size_t n) { count_calls += 2; return n * 2; }

/* unsigned to text in any base from 2 to 36 */
static struct str *push_number(struct str *s, uint64_t value, unsigned base) {
    char digits[65];
    int n = 0;
    do {
        unsigned d = (unsigned)(value % base);
        digits[n++] = d < 10 ? (char)('0' + d) : (char)('a' + d - 10);
        value /= base;
    } while (value);
    while (n > 0)
        push_char(s, digits[--n]);
    return s;
}

static struct str *push_signed(struct str *s, int64_t value) {
    return value < 0 ? push_number(push_char(s, '-'), (uint64_t)0 - (uint64_t)value, 10)
                     : push_number(s, (uint64_t)value, 10);
}

static const char *escape_of(char c) {
    switch (c) {
    case '\n': return "\\n";
    case '\t': return "\\t";
    case '"': return "\\\"";
    case '\\': return "\\\\";
    default: return NULL;
    }
}

static struct str escape(const char *text) {
    struct str out = {0};
    for (const char *p = text; *p; p++) {
        const char *e = escape_of(*p);
        struct str *r = e ? push_cstr(&out, e) : push_char(&out, *p);
        (void)r;
    }
    return out;
}

/* ---- word counts in a chained hash table ------------------------------------ */

struct entry { char *word; int count; struct entry *next; };
struct table { struct entry **slots; size_t size, used; };

static uint32_t hash_word(const char *w) {
    uint32_t h = 2166136261u;
    while (*w)
        h = (h ^ (unsigned char)*w++) * 16777619u;
    return h;
}

static void table_grow(struct table *t) {
    size_t size = t->size ? t->size * 2 : 4;
    struct entry **slots = calloc(size, sizeof *slots);
    for (size_t i = 0; i < t->size; i++) {
        for (struct entry *e = t->slots[i], *next; e; e = next) {
            next = e->next;
            size_t at = hash_word(e->word) & (size - 1);
            e->next = slots[at];
            slots[at] = e;
        }
    }
    free(t->slots);
    t->slots = slots;
    t->size = size;
}

static struct entry *find(struct table *t, const char *w) {
    if (!t->size)
        return NULL;
    struct entry *e = t->slots[hash_word(w) & (t->size - 1)];
    while (e && strcmp(e->word, w) != 0)
        e = e->next;
    return e;
}

static struct entry *insert(struct table *t, const char *w) {
    if (t->used + 1 > t->size)
        table_grow(t);
    struct entry *e = malloc(sizeof *e);
    e->word = strcpy(malloc(strlen(w) + 1), w);
    e->count = 0;
    size_t at = hash_word(w) & (t->size - 1);
    e->next = t->slots[at];
    t->slots[at] = e;
    t->used++;
    return e;
}

static int by_count_then_word(const void *a, const void *b) {
    const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
    return x->count != y->count ? y->count - x->count : strcmp(x->word, y->word);
}

/* ---- the text ----------------------------------------------------------------- */

static uint32_t seed = 2463534242u;
static uint32_t next_random(void) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

static const char *SYLLABLES[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "Ze", "Qu"};

static struct str make_text(int words) {
    struct str text = {0};
    for (int i = 0; i < words; i++) {
        int syllables = 1 + (int)(next_random() % 3);
        for (int k = 0; k < syllables; k++)
            push_cstr(&text, SYLLABLES[next_random() % 10]);
        uint32_t r = next_random() % 16;
        struct str *t = r == 0 ? push_cstr(&text, ".\n")
                      : r == 1 ? push_number(push_char(&text, ' '), next_random() % 5000, 10)
                      : r == 2 ? push_cstr(&text, ",\t\"")
                      : push_char(&text, ' ');
        (void)t;
    }
    return text;
}

int main(void) {
    struct str text = make_text(260);
    struct table words = {0};
    struct str word = {0}, upper_text = {0}, report = {0};
    size_t letters = 0, digits = 0, others = 0, tokens = 0;

    for (size_t i = 0; i <= text.len; i++) {
        char c = text.data[i];
        letters += is_alpha(c) ? counted(1) : 0;
        digits = is_digit(c) ? digits + counted(1) : digits;
        others += !is_alpha(c) && !is_digit(c) ? doubled(1) / 2 : 0;
        push_char(&upper_text, i % 7 == 0 ? lower(c) : upper(c));
        if (is_alpha(c)) {
            push_char(&word, lower(c));
        } else if (word.len) {
            struct entry *e = find(&words, word.data);
            e = e ? e : insert(&words, word.data);
            e->count++;
            tokens++;
            word.len = 0;
            word.data[0] = 0;
        }
    }

    struct entry **all = malloc(words.used * sizeof *all);
    size_t n = 0;
    for (size_t i = 0; i < words.size; i++)
        for (struct entry *e = words.slots[i]; e; e = e->next)
            all[n++] = e;
    qsort(all, n, sizeof *all, by_count_then_word);

    push_cstr(&report, "top:");
    for (size_t i = 0; i < n && i < 8; i++) {
        push_cstr(push_char(&report, ' '), all[i]->word);
        push_number(push_char(&report, '='), (uint64_t)all[i]->count, i % 2 ? 16 : 10);
    }
    printf("%s\n", report.data);
    printf("letters=%zu digits=%zu others=%zu tokens=%zu distinct=%zu\n",
           letters, digits, others, tokens, n);

    struct str escaped = escape(text.data);
    printf("escaped %zu -> %zu, head: %.60s\n", text.len, escaped.len, escaped.data);
    printf("mixed case head: %.48s\n", upper_text.data);

    struct str numbers = {0};
    static const int64_t samples[] = {0, 7, -7, 255, -32768, 2147483647, -2147483647 - 1,
                                      1099511627776LL, -9223372036854775807LL - 1};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        push_signed(&numbers, samples[i]);
        push_char(&numbers, i + 1 < sizeof samples / sizeof samples[0] ? ',' : '\n');
    }
    for (unsigned base = 2; base <= 36; base += 17)
        push_char(push_number(&numbers, 0xDEADBEEFu, base), ' ');
    printf("%s\n", numbers.data);

    /* the longest word, built by joining syllables back in reverse order */
    struct str reversed = {0};
    for (size_t i = n; i-- > 0;) {
        const char *w = all[i]->word;
        struct str *r = strlen(w) > 5 ? push(&reversed, w, 5) : push_cstr(&reversed, w);
        (void)(i ? push_char(r, '-') : r);
    }
    printf("joined %zu chars, ends: %s\n", reversed.len,
           reversed.len > 40 ? reversed.data + reversed.len - 40 : reversed.data);
    printf("grow calls=%zu counted calls=%zu\n", grow_calls, count_calls);

    /* self-checks: every character was classified once, every word was counted */
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += all[i]->count;
    int ok = letters + digits + others == text.len + 1 && (size_t)total == tokens &&
             count_calls == letters + digits + 2 * others && escaped.len >= text.len;
    printf("checks %s\n", ok ? "ok" : "FAILED");

    for (size_t i = 0; i < n; i++) {
        free(all[i]->word);
        free(all[i]);
    }
    free(all);
    free(words.slots);
    free(text.data); free(word.data); free(upper_text.data); free(report.data);
    free(escaped.data); free(numbers.data); free(reversed.data);
    return ok ? 0 : 1;
}
