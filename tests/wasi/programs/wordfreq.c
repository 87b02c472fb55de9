/* A text tool: reads standard input, counts words (letters and digits; the
 * environment variable FOLD=1 folds case), prints the top N (argv[1]) with
 * counts, line/word/byte totals, and writes the full table to the file
 * argv[2].
 *   wordfreq N OUT < text */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char *w; int n; } Entry;
static Entry *tab;
static int used, cap;

static void add(const char *w) {
  for (int i = 0; i < used; ++i)
    if (!strcmp(tab[i].w, w)) { tab[i].n++; return; }
  if (used == cap) tab = realloc(tab, (cap = cap ? 2 * cap : 64) * sizeof *tab);
  tab[used].w = strdup(w);
  tab[used++].n = 1;
}
static int byCount(const void *a, const void *b) {
  const Entry *x = a, *y = b;
  return x->n != y->n ? y->n - x->n : strcmp(x->w, y->w);
}

int main(int argc, char **argv) {
  if (argc != 3) return fprintf(stderr, "usage: wordfreq N OUT < text\n"), 2;
  int top = atoi(argv[1]);
  const char *fold = getenv("FOLD");
  char w[256];
  int len = 0, c;
  long lines = 0, words = 0, bytes = 0;
  while ((c = getchar()) != EOF) {
    ++bytes;
    if (c == '\n') ++lines;
    if (isalnum(c) && len < 255) {
      w[len++] = (char)(fold && *fold == '1' ? tolower(c) : c);
    } else if (len) {
      w[len] = 0; add(w); ++words; len = 0;
    }
  }
  if (len) { w[len] = 0; add(w); ++words; }
  qsort(tab, used, sizeof *tab, byCount);
  printf("lines %ld words %ld bytes %ld distinct %d\n", lines, words, bytes, used);
  for (int i = 0; i < used && i < top; ++i) printf("%6d %s\n", tab[i].n, tab[i].w);
  FILE *f = fopen(argv[2], "w");
  if (!f) return perror(argv[2]), 1;
  for (int i = 0; i < used; ++i) fprintf(f, "%s %d\n", tab[i].w, tab[i].n);
  return fclose(f) != 0;
}
