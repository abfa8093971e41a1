/* The C tests' check: prints the failed condition with its place and counts it in `failures`
   (each test exits 1 when it is not 0). For one translation unit per test. */
#ifndef BSML_TEST_CHECK_H
#define BSML_TEST_CHECK_H

#include <stdio.h>

static int failures = 0;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

#endif /* BSML_TEST_CHECK_H */
