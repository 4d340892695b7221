/* signet-test-lsan.h: stretches in which LeakSanitizer ignores what the
 * calling thread allocates (build-aux/sanitize asan), for leaks inside
 * libsecret that tests/sanitizers/lsan.supp cannot name: the library and
 * GIO's callbacks on the way have no symbols, so the leak's stack has no
 * frame a suppression could match without matching everything.
 *
 * Only around calls that reach such a leak; Signet's code on the same path
 * is checked in the other tests.  In a build without ASan they do nothing.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if defined(__SANITIZE_ADDRESS__)
# define SIGNET_TEST_LSAN 1
#elif defined(__has_feature)
# if __has_feature (address_sanitizer)
#  define SIGNET_TEST_LSAN 1
# endif
#endif

#ifdef SIGNET_TEST_LSAN
# include <sanitizer/lsan_interface.h>
#endif

static inline void
signet_test_lsan_ignore_begin (void)
{
#ifdef SIGNET_TEST_LSAN
  __lsan_disable ();
#endif
}

static inline void
signet_test_lsan_ignore_end (void)
{
#ifdef SIGNET_TEST_LSAN
  __lsan_enable ();
#endif
}
