/* xep0077-reference.c: the baseline for tests/bench/xep0077, the simplest
 * client that does what "signet-cli xmpp register" does on the wire, with
 * plain libstrophe and nothing else: STARTTLS with the server's certificate
 * pinned by SHA-256, the registration form (jabber:iq:register get), the
 * answer (set, username and password), then a new stream that logs in with
 * SASL, and the end.  It keeps no password anywhere.
 *
 * usage: xep0077-reference DOMAIN HOST PORT SHA256 USERNAME PASSWORD
 *
 * It prints "MARK <phase> <CLOCK_MONOTONIC µs>" on stderr as each phase
 * ends (start, connect, tls, form, registered, login), and exits 0 when
 * the login worked.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <strophe.h>

typedef struct
{
  xmpp_ctx_t *ctx;
  const char *domain;
  const char *sha256;
  const char *username;
  const char *password;
  int ok;
} Reference;

/* libstrophe's certfail handler has no user data. */
static const char *pinned_sha256;

static void
mark (const char *phase)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  fprintf (stderr, "MARK %s %lld\n", phase, (long long) now.tv_sec * 1000000 + now.tv_nsec / 1000);
}

/* Colons and case vary between tools; compare hex digits only. */
static int
same_fingerprint (const char *a,
                  const char *b)
{
  while (a != NULL && b != NULL && *a != '\0' && *b != '\0')
    {
      if (*a == ':')
        a++;
      else if (*b == ':')
        b++;
      else if (tolower ((unsigned char) *a++) != tolower ((unsigned char) *b++))
        return 0;
    }

  return a != NULL && b != NULL && *a == '\0' && *b == '\0';
}

static int
on_certfail (const xmpp_tlscert_t *cert,
             const char           *errormsg)
{
  (void) errormsg;
  return same_fingerprint (xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256), pinned_sha256);
}

static int
on_registered (xmpp_conn_t   *conn,
               xmpp_stanza_t *stanza,
               void          *userdata)
{
  Reference *ref = userdata;
  const char *type = xmpp_stanza_get_type (stanza);

  ref->ok = type != NULL && strcmp (type, "result") == 0;
  if (ref->ok)
    mark ("registered");
  xmpp_disconnect (conn);
  return 0;
}

static void
add_text_child (xmpp_ctx_t    *ctx,
                xmpp_stanza_t *parent,
                const char    *name,
                const char    *value)
{
  xmpp_stanza_t *child = xmpp_stanza_new (ctx);
  xmpp_stanza_t *text = xmpp_stanza_new (ctx);

  xmpp_stanza_set_name (child, name);
  xmpp_stanza_set_text (text, value);
  xmpp_stanza_add_child (child, text);
  xmpp_stanza_add_child (parent, child);
  xmpp_stanza_release (text);
  xmpp_stanza_release (child);
}

static int
on_form (xmpp_conn_t   *conn,
         xmpp_stanza_t *stanza,
         void          *userdata)
{
  Reference *ref = userdata;
  const char *type = xmpp_stanza_get_type (stanza);
  xmpp_stanza_t *iq;
  xmpp_stanza_t *query;

  if (type == NULL || strcmp (type, "result") != 0)
    {
      xmpp_disconnect (conn);
      return 0;
    }
  mark ("form");

  iq = xmpp_iq_new (ref->ctx, "set", "reg2");
  query = xmpp_stanza_new (ref->ctx);
  xmpp_stanza_set_name (query, "query");
  xmpp_stanza_set_ns (query, XMPP_NS_REGISTER);
  add_text_child (ref->ctx, query, "username", ref->username);
  add_text_child (ref->ctx, query, "password", ref->password);
  xmpp_stanza_add_child (iq, query);
  xmpp_id_handler_add (conn, on_registered, "reg2", ref);
  xmpp_send (conn, iq);
  xmpp_stanza_release (query);
  xmpp_stanza_release (iq);
  return 0;
}

static int
on_proceed (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  if (strcmp (xmpp_stanza_get_name (stanza), "proceed") != 0 || xmpp_conn_tls_start (conn) != 0)
    {
      xmpp_disconnect (conn);
      return 0;
    }
  mark ("tls");
  xmpp_conn_open_stream_default (conn);
  return 0;
}

static int
on_features (xmpp_conn_t   *conn,
             xmpp_stanza_t *stanza,
             void          *userdata)
{
  Reference *ref = userdata;
  xmpp_stanza_t *iq;
  xmpp_stanza_t *query;

  if (!xmpp_conn_is_secured (conn))
    {
      if (xmpp_stanza_get_child_by_name_and_ns (stanza, "starttls", XMPP_NS_TLS) == NULL)
        {
          xmpp_disconnect (conn);
          return 0;
        }
      xmpp_handler_add (conn, on_proceed, XMPP_NS_TLS, NULL, NULL, ref);
      xmpp_send_raw_string (conn, "<starttls xmlns='%s'/>", XMPP_NS_TLS);
      return 1;
    }

  iq = xmpp_iq_new (ref->ctx, "get", "reg1");
  xmpp_stanza_set_to (iq, ref->domain);
  query = xmpp_stanza_new (ref->ctx);
  xmpp_stanza_set_name (query, "query");
  xmpp_stanza_set_ns (query, XMPP_NS_REGISTER);
  xmpp_stanza_add_child (iq, query);
  xmpp_id_handler_add (conn, on_form, "reg1", ref);
  xmpp_send (conn, iq);
  xmpp_stanza_release (query);
  xmpp_stanza_release (iq);
  return 0;
}

static void
on_raw_event (xmpp_conn_t         *conn,
              xmpp_conn_event_t    status,
              int                  error,
              xmpp_stream_error_t *stream_error,
              void                *userdata)
{
  Reference *ref = userdata;

  (void) error;
  (void) stream_error;
  if (status == XMPP_CONN_RAW_CONNECT)
    {
      mark ("connect");
      xmpp_handler_add (conn, on_features, XMPP_NS_STREAMS, "features", NULL, ref);
      xmpp_conn_open_stream_default (conn);
    }
  else if (status == XMPP_CONN_DISCONNECT || status == XMPP_CONN_FAIL)
    {
      xmpp_stop (ref->ctx);
    }
}

static void
on_login_event (xmpp_conn_t         *conn,
                xmpp_conn_event_t    status,
                int                  error,
                xmpp_stream_error_t *stream_error,
                void                *userdata)
{
  Reference *ref = userdata;

  (void) error;
  (void) stream_error;
  if (status == XMPP_CONN_CONNECT)
    {
      mark ("login");
      ref->ok = 1;
      xmpp_disconnect (conn);
    }
  else if (status == XMPP_CONN_DISCONNECT || status == XMPP_CONN_FAIL)
    {
      xmpp_stop (ref->ctx);
    }
}

static xmpp_conn_t *
new_connection (Reference *ref)
{
  xmpp_conn_t *conn = xmpp_conn_new (ref->ctx);

  xmpp_conn_set_flags (conn, XMPP_CONN_FLAG_MANDATORY_TLS | XMPP_CONN_FLAG_DISABLE_SM);
  xmpp_conn_set_certfail_handler (conn, on_certfail);
  return conn;
}

int
main (int   argc,
      char *argv[])
{
  Reference ref = { 0 };
  xmpp_conn_t *conn;
  char *jid;
  unsigned short port;

  if (argc != 7)
    {
      fprintf (stderr, "usage: %s DOMAIN HOST PORT SHA256 USERNAME PASSWORD\n", argv[0]);
      return 2;
    }
  mark ("start");
  ref.domain = argv[1];
  port = (unsigned short) atoi (argv[3]);
  ref.sha256 = argv[4];
  pinned_sha256 = ref.sha256;
  ref.username = argv[5];
  ref.password = argv[6];

  xmpp_initialize ();
  ref.ctx = xmpp_ctx_new (NULL, NULL);

  conn = new_connection (&ref);
  xmpp_conn_set_jid (conn, ref.domain);
  if (xmpp_connect_raw (conn, argv[2], port, on_raw_event, &ref) != XMPP_EOK)
    return 1;
  xmpp_run (ref.ctx);
  xmpp_conn_release (conn);
  if (!ref.ok)
    return 1;

  ref.ok = 0;
  conn = new_connection (&ref);
  jid = malloc (strlen (ref.username) + strlen (ref.domain) + 2);
  sprintf (jid, "%s@%s", ref.username, ref.domain);
  xmpp_conn_set_jid (conn, jid);
  xmpp_conn_set_pass (conn, ref.password);
  if (xmpp_connect_client (conn, argv[2], port, on_login_event, &ref) != XMPP_EOK)
    return 1;
  xmpp_run (ref.ctx);
  xmpp_conn_release (conn);
  free (jid);

  xmpp_ctx_free (ref.ctx);
  xmpp_shutdown ();
  return ref.ok ? 0 : 1;
}
