/* signet-test-async.c: waiting for asynchronous results in a test.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-test-async.h"

guint
signet_test_timeout_multiplier (void)
{
  const char *factor = g_getenv ("SIGNET_TEST_TIMEOUT_MULTIPLIER");
  guint64 value = factor != NULL ? g_ascii_strtoull (factor, NULL, 10) : 1;

  return value >= 1 && value <= 100 ? (guint) value : 1;
}

void
signet_test_async_callback (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static GSource *
attach_timeout (GMainContext *context,
                guint         msec,
                GSourceFunc   func,
                gpointer      data)
{
  GSource *source = g_timeout_source_new (msec);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, context);
  return source;
}

static void
destroy_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static gboolean
pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* A source wakes the context at the deadline, so that a call which never
 * finishes fails the test instead of blocking it. */
static gboolean
iterate_until (GMainContext       *context,
               SignetTestPredicate is_done,
               gpointer            data,
               guint               timeout_seconds)
{
  gboolean timed_out = FALSE;
  GSource *deadline = attach_timeout (context, timeout_seconds * 1000, on_deadline, &timed_out);

  while (!is_done (data) && !timed_out)
    g_main_context_iteration (context, TRUE);

  destroy_source (deadline);
  return is_done (data);
}

static gpointer
wait_pointer (gpointer *slot,
              guint    *ticks)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  GSource *tick = ticks != NULL ? attach_timeout (context, 10, on_tick, ticks) : NULL;

  if (!iterate_until (context, pointer_is_set, slot, SIGNET_TEST_ASYNC_TIMEOUT_SECONDS))
    g_error ("An asynchronous call did not finish within %u s", SIGNET_TEST_ASYNC_TIMEOUT_SECONDS);

  g_clear_pointer (&tick, destroy_source);
  return *slot;
}

GAsyncResult *
signet_test_async_wait (GAsyncResult **slot)
{
  return wait_pointer ((gpointer *) slot, NULL);
}

gpointer
signet_test_async_wait_for_pointer (gpointer *slot)
{
  return wait_pointer (slot, NULL);
}

GAsyncResult *
signet_test_async_wait_ticking (GAsyncResult **slot,
                                guint         *ticks)
{
  return wait_pointer ((gpointer *) slot, ticks);
}

void
signet_test_async_wait_until (gboolean *flag,
                              guint     timeout_seconds)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  if (!iterate_until (context, flag_is_set, flag, timeout_seconds))
    g_error ("Timed out after %u s waiting for a condition", timeout_seconds);
}

void
signet_test_async_wait_for (SignetTestPredicate predicate,
                            gpointer            data,
                            guint               timeout_seconds,
                            const char         *what)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  if (!iterate_until (context, predicate, data, timeout_seconds))
    g_error ("Timed out after %u s waiting for %s", timeout_seconds, what);
}
