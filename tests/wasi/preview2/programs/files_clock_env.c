/* Exercises files, clocks, the environment and arguments through WASI. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int failures = 0;

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "FAILED: %s (errno %d)\n", what, errno);
        failures++;
    }
}

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("arg[%d]=%s\n", i, argv[i]);
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");

    struct timespec mono1, mono2, wall;
    check(clock_gettime(CLOCK_MONOTONIC, &mono1) == 0, "monotonic clock");
    check(clock_gettime(CLOCK_REALTIME, &wall) == 0, "realtime clock");
    check(wall.tv_sec > 1600000000, "realtime clock is after 2020");
    struct timespec nap = {0, 20 * 1000 * 1000};
    check(nanosleep(&nap, NULL) == 0, "nanosleep");
    check(clock_gettime(CLOCK_MONOTONIC, &mono2) == 0, "monotonic clock again");
    long long slept = (mono2.tv_sec - mono1.tv_sec) * 1000000000LL + (mono2.tv_nsec - mono1.tv_nsec);
    check(slept >= 20 * 1000 * 1000, "nanosleep waits at least 20ms");

    FILE *out = fopen("data/note.txt", "w");
    check(out != NULL, "create data/note.txt");
    if (out) {
        fprintf(out, "line one\nline two\n");
        fclose(out);
    }
    FILE *app = fopen("data/note.txt", "a");
    check(app != NULL, "append to data/note.txt");
    if (app) {
        fputs("line three\n", app);
        fclose(app);
    }
    char buffer[128] = {0};
    FILE *in = fopen("data/note.txt", "r");
    check(in != NULL, "open data/note.txt for reading");
    if (in) {
        size_t n = fread(buffer, 1, sizeof buffer - 1, in);
        buffer[n] = 0;
        fclose(in);
    }
    printf("contents:\n%s", buffer);

    struct stat st;
    check(stat("data/note.txt", &st) == 0, "stat");
    printf("size=%lld regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));

    check(mkdir("data/sub", 0755) == 0, "mkdir data/sub");
    check(rename("data/note.txt", "data/sub/moved.txt") == 0, "rename into data/sub");
    check(access("data/note.txt", F_OK) != 0 && errno == ENOENT, "old name is gone");
    check(symlink("moved.txt", "data/sub/link") == 0, "symlink");
    char target[64] = {0};
    check(readlink("data/sub/link", target, sizeof target - 1) == 9, "readlink");
    printf("link -> %s\n", target);

    int entries = 0;
    DIR *dir = opendir("data/sub");
    check(dir != NULL, "opendir data/sub");
    if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL)
            if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
                entries++;
        closedir(dir);
    }
    printf("entries=%d\n", entries);

    check(open("../outside.txt", O_RDONLY) < 0, "leaving the preopen is refused");
    check(unlink("data/sub/link") == 0, "unlink link");
    check(unlink("data/sub/moved.txt") == 0, "unlink file");
    check(rmdir("data/sub") == 0, "rmdir");

    printf("failures=%d\n", failures);
    return failures ? 3 : 0;
}
