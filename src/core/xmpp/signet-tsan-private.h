/* signet-tsan-private.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Hand-overs between threads that ThreadSanitizer cannot see by itself.
 * Debian's GLib is not built for it, and GMutex, GAsyncQueue and GSource
 * synchronize through futexes and atomics inside GLib, so TSan would take
 * every object passed through them for a race.  Releasing an object before
 * it is handed over and acquiring it where it is taken tells TSan what GLib
 * guarantees.  Nothing of this exists in a build without TSan
 * (build-aux/sanitize tsan). */

#pragma once

#if defined(__SANITIZE_THREAD__)
# define SIGNET_TSAN 1
#elif defined(__has_feature)
# if __has_feature (thread_sanitizer)
#  define SIGNET_TSAN 1
# endif
#endif

#ifdef SIGNET_TSAN
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
# define signet_tsan_acquire(addr) __tsan_acquire ((void *) (addr))
# define signet_tsan_release(addr) __tsan_release ((void *) (addr))
#else
# define signet_tsan_acquire(addr) ((void) (addr))
# define signet_tsan_release(addr) ((void) (addr))
#endif
