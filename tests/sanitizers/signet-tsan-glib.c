/* signet-tsan-glib.c: GLib's GMutex as ThreadSanitizer sees it.
 *
 * Debian's GLib locks a GMutex with a futex of its own, which TSan cannot
 * see, so every access that a GMutex orders (the development server's shared
 * state, the connection worker's socket) looked like a race.  build-aux/sanitize
 * preloads this module in the TSan pass: it stands in front of GLib's
 * g_mutex_lock(), g_mutex_trylock() and g_mutex_unlock(), calls them, and
 * tells TSan that the lock was taken and released.  The calls GLib makes to
 * its own mutexes do not come through here; tests/sanitizers/tsan.supp
 * covers what GLib does inside itself.
 *
 * Built without TSan and without linking GLib, because every process of
 * the pass loads it (the shell, D-Bus, the keyring daemon): where no TSan
 * runtime is loaded, the weak __tsan_* symbols are NULL and it only passes
 * the calls on.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <dlfcn.h>

#include <glib.h>

void __tsan_acquire (void *addr) __attribute__((weak));
void __tsan_release (void *addr) __attribute__((weak));

typedef void (*MutexFunc) (GMutex *mutex);
typedef gboolean (*TrylockFunc) (GMutex *mutex);

/* GLib's own function, looked up on first use: GLib may be loaded after
 * this module. */
static void *
next_symbol (void      **slot,
             const char *name)
{
  void *function = __atomic_load_n (slot, __ATOMIC_ACQUIRE);

  if (function == NULL)
    {
      function = dlsym (RTLD_NEXT, name);
      __atomic_store_n (slot, function, __ATOMIC_RELEASE);
    }

  return function;
}

void
g_mutex_lock (GMutex *mutex)
{
  static void *next;

  ((MutexFunc) next_symbol (&next, "g_mutex_lock"))(mutex);
  if (__tsan_acquire != NULL)
    __tsan_acquire (mutex);
}

gboolean
g_mutex_trylock (GMutex *mutex)
{
  static void *next;
  gboolean locked = ((TrylockFunc) next_symbol (&next, "g_mutex_trylock"))(mutex);

  if (locked && __tsan_acquire != NULL)
    __tsan_acquire (mutex);

  return locked;
}

void
g_mutex_unlock (GMutex *mutex)
{
  static void *next;

  if (__tsan_release != NULL)
    __tsan_release (mutex);
  ((MutexFunc) next_symbol (&next, "g_mutex_unlock"))(mutex);
}
