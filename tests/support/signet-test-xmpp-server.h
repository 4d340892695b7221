/* signet-test-xmpp-server.h: real Prosody and ejabberd servers for tests.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-connection.h"
#include "signet-inband-registration.h"
#include "signet-xmpp-account.h"

G_BEGIN_DECLS

/* Each server runs as the current user (root in CI) on 127.0.0.1 with a
 * random free port, from a private directory under $TMPDIR that holds its
 * configuration, a self-signed certificate made with the openssl command,
 * its data and its log.  The directory is removed when the server stops,
 * unless SIGNET_TEST_KEEP_SERVERS is set.  One server serves several virtual
 * hosts, each configured for one scenario, so a whole suite needs one start.
 *
 * Configuration text may use @DIR@ (the private directory), @PORT@ (the c2s
 * port) and @HTTP_PORT@ (a second free port, for ejabberd's CAPTCHA pages).
 *
 * Prosody 0.12 runs as `prosody --config DIR/prosody.cfg.lua -F`, with
 * run_as_root = true so that it also starts as root.
 *
 * ejabberd 23.01 runs as `erl -noinput -s ejabberd` with the Debian package's
 * applications on ERL_LIBS and no node name: a node without distribution
 * needs no epmd, no cookie and no ejabberd user (ejabberdctl would su to
 * it), and leaves nothing running behind.  It can therefore not be
 * administered with ejabberdctl, which the tests do not need.
 *
 * Every ejabberd directory also holds captcha.sh, a CAPTCHA command for
 * captcha_cmd that writes the expected answer to DIR/captcha-answer and
 * prints a small PNG (signet_test_xmpp_server_get_captcha_png()). */

typedef enum
{
  SIGNET_TEST_XMPP_PROSODY,
  SIGNET_TEST_XMPP_EJABBERD,
} SignetTestXmppKind;

typedef struct
{
  /* The virtual host, e.g. "open.localhost". */
  const char *domain;
  /* Its own settings: Lua lines for Prosody (put under VirtualHost), YAML
   * for ejabberd (put under host_config, indented for you), or NULL. */
  const char *config;
} SignetTestXmppHost;

/* The modules every Prosody host loads; a host that sets its own
 * modules_enabled starts from "@MODULES@". */
#define SIGNET_TEST_PROSODY_MODULES \
  "\"roster\"; \"saslauth\"; \"tls\"; \"disco\"; \"ping\"; \"register\"; \"posix\";"

typedef struct _SignetTestXmppServer SignetTestXmppServer;

/* Whether the server's program is installed; if not, the caller skips. */
gboolean              signet_test_xmpp_server_available (SignetTestXmppKind        kind);

/* The global Prosody setting that loads the test modules in
 * tests/support/prosody/ (mod_signet_test_forms, …). */
char                 *signet_test_xmpp_dup_plugin_paths (void);

/* Writes the configuration and starts the server without waiting for it,
 * so that several servers start side by side.  @global_config is added to
 * the global section (NULL for none); @hosts ends with a { NULL } entry. */
SignetTestXmppServer *signet_test_xmpp_server_start     (SignetTestXmppKind        kind,
                                                         const char               *global_config,
                                                         const SignetTestXmppHost *hosts);
/* Waits until the c2s port answers; fails the test (with the server's log)
 * if it does not within a minute or the server exits. */
void                  signet_test_xmpp_server_wait      (SignetTestXmppServer     *self);
void                  signet_test_xmpp_server_stop      (SignetTestXmppServer     *self);

const char           *signet_test_xmpp_server_get_name  (SignetTestXmppServer     *self);
guint16               signet_test_xmpp_server_get_port  (SignetTestXmppServer     *self);
/* "127.0.0.1:PORT" */
const char           *signet_test_xmpp_server_get_host_and_port (SignetTestXmppServer *self);
/* The second port, @HTTP_PORT@ in the configuration. */
guint16               signet_test_xmpp_server_get_http_port (SignetTestXmppServer *self);
/* SHA-256 of the self-signed certificate, lowercase hex. */
const char           *signet_test_xmpp_server_get_sha256 (SignetTestXmppServer    *self);
const char           *signet_test_xmpp_server_get_dir   (SignetTestXmppServer     *self);
/* The contents of a file in the private directory, or NULL. */
char                 *signet_test_xmpp_server_read_file (SignetTestXmppServer     *self,
                                                         const char               *name);
/* The last lines of the server's log, for failure messages. */
char                 *signet_test_xmpp_server_get_log_tail (SignetTestXmppServer  *self);
GBytes               *signet_test_xmpp_server_get_captcha_png (void);

/* A sign-up connection to @domain on this server, trusting its certificate. */
SignetConnection     *signet_test_xmpp_server_connection (SignetTestXmppServer    *self,
                                                          const char              *domain);

/* Counting connections: a relay on loopback in front of the c2s port, started
 * on first use (in threads of its own, for as long as the process runs),
 * counts every connection made through it. */
/* "127.0.0.1:PORT" of the relay. */
const char           *signet_test_xmpp_server_get_counted_host_and_port (SignetTestXmppServer *self);
/* The connections the relay accepted so far; 0 before it started. */
guint                 signet_test_xmpp_server_get_connection_count (SignetTestXmppServer *self);
/* Like signet_test_xmpp_server_connection(), through the relay. */
SignetConnection     *signet_test_xmpp_server_counted_connection (SignetTestXmppServer  *self,
                                                                  const char            *domain);

/* Synchronous helpers: run the async call to completion on the
 * thread-default main context, failing the test after two minutes. */
gboolean              signet_test_xmpp_fetch            (SignetInbandRegistration *registration,
                                                         GError                  **error);
gboolean              signet_test_xmpp_submit           (SignetInbandRegistration *registration,
                                                         GError                  **error);
SignetAccount        *signet_test_xmpp_complete         (SignetInbandRegistration *registration,
                                                         GError                  **error);
gboolean              signet_test_xmpp_change_password  (SignetXmppAccount        *account,
                                                         const char               *new_password,
                                                         SignetDataForm           *form,
                                                         GError                  **error);
gboolean              signet_test_xmpp_unregister       (SignetXmppAccount        *account,
                                                         SignetDataForm           *form,
                                                         GError                  **error);
/* Logs in to @jid with @password on a fresh connection and closes it; the
 * mechanism used is returned in @mechanism when not NULL. */
gboolean              signet_test_xmpp_login            (SignetTestXmppServer     *self,
                                                         const char               *jid,
                                                         const char               *password,
                                                         char                    **mechanism,
                                                         GError                  **error);

/* Fetches the form on @domain, fills in @username and @password and submits.
 * Returns the registration (fetch errors fail the test); the submit result
 * goes to @error. */
SignetInbandRegistration *signet_test_xmpp_register     (SignetTestXmppServer     *self,
                                                         const char               *domain,
                                                         const char               *username,
                                                         const char               *password,
                                                         GError                  **error);
/* A username nobody used yet in this run: "@prefix" plus a counter. */
char                 *signet_test_xmpp_new_username     (const char               *prefix);

/* Prints one "MATRIX|server|scenario|what the server sent|Signet's error|
 * its message" line as a test message, for the closing note's matrix. */
void                  signet_test_xmpp_report           (SignetTestXmppServer     *self,
                                                         const char               *scenario,
                                                         const SignetStanzaError  *server_error,
                                                         const GError             *error);
/* Asserts that @error is SIGNET_INBAND_ERROR @code and that the server sent
 * (@condition, @type), then reports it. */
void                  signet_test_xmpp_assert_error     (SignetTestXmppServer     *self,
                                                         const char               *scenario,
                                                         const GError             *error,
                                                         SignetInbandError         code,
                                                         const SignetStanzaError  *server_error,
                                                         const char               *condition,
                                                         const char               *type);

/* Reads a secret from the test keyring (kind xmpp), or NULL. */
char                 *signet_test_xmpp_keyring_lookup   (const char               *server,
                                                         const char               *jid);

/* Adds the signet-cli xmpp tests (register, passwd, unregister, errors as
 * JSON) against @domain on @self, under /xep0077/@name/cli/, and a CAPTCHA
 * sign-up on @captcha_domain unless it is NULL. */
void                  signet_test_xmpp_add_cli_tests    (SignetTestXmppServer     *self,
                                                         const char               *name,
                                                         const char               *domain,
                                                         const char               *captcha_domain);

/* Adds /xep0077/@name/cli/forms: register, passwd and unregister on
 * @domain, whose server answers each with a form inside an error first. */
void                  signet_test_xmpp_add_cli_forms_test (SignetTestXmppServer   *self,
                                                           const char             *name,
                                                           const char             *domain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTestXmppServer, signet_test_xmpp_server_stop)

G_END_DECLS
