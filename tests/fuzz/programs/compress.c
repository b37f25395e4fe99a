/* Compression round trips: LZ77 with a hash chain, and run-length coding
   followed by canonical Huffman coding. Each input is compressed, decompressed
   and checked; the sizes and a checksum of every compressed stream are printed. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- inputs --------------------------------------------------------------- */

static uint32_t rng_state = 12345u;

static uint32_t next_random(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static const char *WORDS[] = {
    "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "compress",
    "window", "match", "literal", "huffman", "tree", "code", "length", "\n",
};

static size_t make_text(unsigned char *out, size_t cap) {
    size_t n = 0;
    while (n + 16 < cap) {
        const char *w = WORDS[next_random() % (sizeof WORDS / sizeof WORDS[0])];
        size_t len = strlen(w);
        memcpy(out + n, w, len);
        n += len;
        out[n++] = (next_random() & 7) == 0 ? ',' : ' ';
    }
    return n;
}

static size_t make_runs(unsigned char *out, size_t cap) {
    size_t n = 0;
    while (n < cap) {
        unsigned char byte = (unsigned char)(next_random() % 5);
        size_t run = 1 + next_random() % 40;
        while (run-- && n < cap)
            out[n++] = byte;
    }
    return n;
}

static size_t make_noise(unsigned char *out, size_t cap) {
    for (size_t i = 0; i < cap; i++)
        out[i] = (unsigned char)next_random();
    return cap;
}

static uint32_t checksum(const unsigned char *data, size_t n) {
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + data[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

/* ---- LZ77 ----------------------------------------------------------------- */
/* Tokens: 0x00 len byte* (literals, len <= 255), 0x01 offset16 len8 (match). */

enum { WINDOW = 4096, MIN_MATCH = 3, MAX_MATCH = 255, HASH_BITS = 12 };

static int32_t head[1 << HASH_BITS];
static int32_t chain[1 << 16];

static unsigned hash3(const unsigned char *p) {
    return ((p[0] << 8) ^ (p[1] << 4) ^ p[2]) & ((1u << HASH_BITS) - 1);
}

static size_t match_length(const unsigned char *a, const unsigned char *b, size_t limit) {
    size_t n = 0;
    while (n < limit && a[n] == b[n])
        n++;
    return n;
}

static size_t flush_literals(unsigned char *out, size_t o, const unsigned char *lit, size_t n) {
    while (n > 0) {
        size_t chunk = n > 255 ? 255 : n;
        out[o++] = 0;
        out[o++] = (unsigned char)chunk;
        memcpy(out + o, lit, chunk);
        o += chunk;
        lit += chunk;
        n -= chunk;
    }
    return o;
}

static size_t lz77_compress(const unsigned char *in, size_t n, unsigned char *out) {
    size_t o = 0, i = 0, lit_start = 0;
    for (size_t k = 0; k < (1u << HASH_BITS); k++)
        head[k] = -1;
    while (i < n) {
        size_t best_len = 0, best_off = 0;
        if (i + MIN_MATCH <= n) {
            unsigned h = hash3(in + i);
            int32_t cand = head[h];
            int tries = 16;
            while (cand >= 0 && i - (size_t)cand <= WINDOW && tries-- > 0) {
                size_t limit = n - i < MAX_MATCH ? n - i : MAX_MATCH;
                size_t len = match_length(in + cand, in + i, limit);
                best_off = len > best_len ? i - (size_t)cand : best_off;
                best_len = len > best_len ? len : best_len;
                cand = chain[cand & 0xFFFF];
            }
            chain[i & 0xFFFF] = head[h];
            head[h] = (int32_t)i;
        }
        if (best_len >= MIN_MATCH) {
            o = flush_literals(out, o, in + lit_start, i - lit_start);
            out[o++] = 1;
            out[o++] = (unsigned char)(best_off >> 8);
            out[o++] = (unsigned char)best_off;
            out[o++] = (unsigned char)best_len;
            for (size_t k = 1; k < best_len && i + k + MIN_MATCH <= n; k++) {
                unsigned h = hash3(in + i + k);
                chain[(i + k) & 0xFFFF] = head[h];
                head[h] = (int32_t)(i + k);
            }
            i += best_len;
            lit_start = i;
        } else {
            i++;
        }
    }
    return flush_literals(out, o, in + lit_start, n - lit_start);
}

static size_t lz77_decompress(const unsigned char *in, size_t n, unsigned char *out) {
    size_t i = 0, o = 0;
    while (i < n) {
        if (in[i] == 0) {
            size_t len = in[i + 1];
            memcpy(out + o, in + i + 2, len);
            o += len;
            i += 2 + len;
        } else {
            size_t off = ((size_t)in[i + 1] << 8) | in[i + 2];
            size_t len = in[i + 3];
            for (size_t k = 0; k < len; k++, o++)
                out[o] = out[o - off];
            i += 4;
        }
    }
    return o;
}

/* ---- RLE + canonical Huffman ---------------------------------------------- */

static size_t rle_encode(const unsigned char *in, size_t n, unsigned char *out) {
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t run = 1;
        while (i + run < n && in[i + run] == in[i] && run < 255)
            run++;
        out[o++] = (unsigned char)run;
        out[o++] = in[i];
        i += run;
    }
    return o;
}

static size_t rle_decode(const unsigned char *in, size_t n, unsigned char *out) {
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        memset(out + o, in[i + 1], in[i]);
        o += in[i];
    }
    return o;
}

struct node { uint32_t weight; int left, right, symbol; };

static void code_lengths(const uint32_t freq[256], uint8_t lengths[256]) {
    struct node nodes[512];
    int alive[512], count = 0, total = 0;
    for (int s = 0; s < 256; s++) {
        lengths[s] = 0;
        if (freq[s]) {
            nodes[total] = (struct node){freq[s], -1, -1, s};
            alive[count++] = total++;
        }
    }
    if (count == 1) {
        lengths[nodes[0].symbol] = 1;
        return;
    }
    while (count > 1) {
        int a = 0, b = 1;
        if (nodes[alive[b]].weight < nodes[alive[a]].weight) { a = 1; b = 0; }
        for (int k = 2; k < count; k++) {
            uint32_t w = nodes[alive[k]].weight;
            if (w < nodes[alive[a]].weight) { b = a; a = k; }
            else if (w < nodes[alive[b]].weight) b = k;
        }
        nodes[total] = (struct node){nodes[alive[a]].weight + nodes[alive[b]].weight,
                                     alive[a], alive[b], -1};
        int hi = a > b ? a : b, lo = a > b ? b : a;
        alive[lo] = total++;
        alive[hi] = alive[--count];
    }
    /* depth of each leaf, by an explicit stack */
    int stack[512], depth[512], top = 0;
    stack[top] = alive[0];
    depth[top++] = 0;
    while (top > 0) {
        top--;
        int at = stack[top], d = depth[top];
        if (nodes[at].symbol >= 0) {
            lengths[nodes[at].symbol] = (uint8_t)(d ? d : 1);
        } else {
            stack[top] = nodes[at].left; depth[top++] = d + 1;
            stack[top] = nodes[at].right; depth[top++] = d + 1;
        }
    }
}

static void canonical_codes(const uint8_t lengths[256], uint32_t codes[256]) {
    uint32_t code = 0;
    for (int len = 1; len <= 32; len++) {
        for (int s = 0; s < 256; s++)
            if (lengths[s] == len)
                codes[s] = code++;
        code <<= 1;
    }
}

struct bits { unsigned char *data; size_t bitpos; };

static void put_bits(struct bits *b, uint32_t value, int count) {
    for (int k = count - 1; k >= 0; k--, b->bitpos++) {
        unsigned char *byte = &b->data[b->bitpos >> 3];
        if ((b->bitpos & 7) == 0)
            *byte = 0;
        *byte |= ((value >> k) & 1) << (7 - (b->bitpos & 7));
    }
}

static int get_bit(const unsigned char *data, size_t pos) {
    return (data[pos >> 3] >> (7 - (pos & 7))) & 1;
}

static size_t huffman_encode(const unsigned char *in, size_t n, uint8_t lengths[256],
                             unsigned char *out) {
    uint32_t freq[256] = {0}, codes[256];
    for (size_t i = 0; i < n; i++)
        freq[in[i]]++;
    code_lengths(freq, lengths);
    canonical_codes(lengths, codes);
    struct bits b = {out, 0};
    for (size_t i = 0; i < n; i++)
        put_bits(&b, codes[in[i]], lengths[in[i]]);
    return b.bitpos;
}

static size_t huffman_decode(const unsigned char *in, size_t nbits, const uint8_t lengths[256],
                             unsigned char *out) {
    /* canonical decoding: per length, the first code and where its symbols start */
    int count[33] = {0}, first_index[33];
    unsigned char sorted[256];
    uint32_t first_code[33];
    for (int s = 0; s < 256; s++)
        count[lengths[s]]++;
    count[0] = 0;
    uint32_t code = 0;
    int index = 0;
    for (int len = 1; len <= 32; len++) {
        first_code[len] = code;
        first_index[len] = index;
        for (int s = 0; s < 256; s++)
            if (lengths[s] == len)
                sorted[index++] = (unsigned char)s;
        code = (code + (uint32_t)count[len]) << 1;
    }
    size_t o = 0;
    int len = 0;
    code = 0;
    for (size_t pos = 0; pos < nbits; pos++) {
        code = (code << 1) | (uint32_t)get_bit(in, pos);
        len++;
        uint32_t offset = code - first_code[len];
        if (code >= first_code[len] && offset < (uint32_t)count[len]) {
            out[o++] = sorted[first_index[len] + (int)offset];
            code = 0;
            len = 0;
        }
    }
    return o;
}

/* ---- driver --------------------------------------------------------------- */

static int check(const char *name, const unsigned char *in, size_t n) {
    unsigned char *packed = malloc(2 * n + 64), *unpacked = malloc(n + 64);
    unsigned char *runs = malloc(2 * n + 64), *bits = malloc(2 * n + 64);
    uint8_t lengths[256];
    int ok = 1;

    size_t lz = lz77_compress(in, n, packed);
    ok &= lz77_decompress(packed, lz, unpacked) == n && memcmp(in, unpacked, n) == 0;
    printf("%-6s lz77  %6zu -> %6zu  %08x\n", name, n, lz, (unsigned)checksum(packed, lz));

    size_t rl = rle_encode(in, n, runs);
    size_t nbits = huffman_encode(runs, rl, lengths, bits);
    size_t back = huffman_decode(bits, nbits, lengths, packed);
    ok &= back == rl && memcmp(packed, runs, rl) == 0;
    ok &= rle_decode(runs, rl, unpacked) == n && memcmp(in, unpacked, n) == 0;
    printf("%-6s rle+h %6zu -> %6zu  %08x  bits=%zu\n", name, n, rl, (unsigned)checksum(bits, (nbits + 7) / 8), nbits);

    free(packed); free(unpacked); free(runs); free(bits);
    return ok;
}

int main(void) {
    static unsigned char buffer[6000];
    int ok = 1;
    ok &= check("text", buffer, make_text(buffer, 1800));
    ok &= check("runs", buffer, make_runs(buffer, 2500));
    ok &= check("noise", buffer, make_noise(buffer, 700));
    ok &= check("tiny", (const unsigned char *)"aaaaaaaaab", 10);
    printf("round trips %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
