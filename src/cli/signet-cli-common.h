/* signet-cli-common.h: what every signet-cli command shares.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "signet-core.h"

G_BEGIN_DECLS

/* Exit codes, documented in --help. */
enum
{
  SIGNET_CLI_EXIT_OK = 0,
  SIGNET_CLI_EXIT_FAILED = 1,
  SIGNET_CLI_EXIT_USAGE = 2,
  SIGNET_CLI_EXIT_TLS_REFUSED = 3,
  SIGNET_CLI_EXIT_CONFLICT = 4,
  SIGNET_CLI_EXIT_THROTTLED = 5,
  SIGNET_CLI_EXIT_BAD_NUMBER = 6,
  SIGNET_CLI_EXIT_TERMS = 7,
  SIGNET_CLI_EXIT_NETWORK = 8,
  SIGNET_CLI_EXIT_NOT_OFFERED = 9,
  SIGNET_CLI_EXIT_CANNOT_SEND = 10,
  SIGNET_CLI_EXIT_CODE_REFUSED = 11,
  SIGNET_CLI_EXIT_LOGIN_REFUSED = 12,
  SIGNET_CLI_EXIT_NOTHING_PENDING = 13,
  SIGNET_CLI_EXIT_REFUSED_DETAILS = 14,
  SIGNET_CLI_EXIT_NO_LOCAL_PASSWORD = 17,
  SIGNET_CLI_EXIT_CAPTCHA_REQUIRED = 18,
  SIGNET_CLI_EXIT_REG_DISABLED = 19,
  /* provision (mod_register_json): 20–29 */
  SIGNET_CLI_EXIT_PROVISION_BAD_REQUEST = 20,
  SIGNET_CLI_EXIT_PROVISION_AUTH_TOKEN = 21,
  SIGNET_CLI_EXIT_PROVISION_PENDING = 22,
  SIGNET_CLI_EXIT_PROVISION_ADDRESS_BLOCKED = 23,
  SIGNET_CLI_EXIT_PROVISION_MAIL_FILTERED = 24,
  SIGNET_CLI_EXIT_PROVISION_INVALID_USERNAME = 25,
  SIGNET_CLI_EXIT_PROVISION_MAIL_TAKEN = 26,
  SIGNET_CLI_EXIT_PROVISION_SERVER = 27,
  SIGNET_CLI_EXIT_PROVISION_BATCH_INCOMPLETE = 28,
  SIGNET_CLI_EXIT_PROVISION_INSECURE_URL = 29,
  SIGNET_CLI_EXIT_BAD_KEY_PACK = 15,
  SIGNET_CLI_EXIT_REVOCATION_REFUSED = 16,
  /* 16 is kept for a refused key revocation (rekey, not built yet). */
  SIGNET_CLI_EXIT_CANCELLED = 130,
};

typedef struct
{
  /* Connection options shared by every command. */
  char     *server;
  char     *host;
  char     *trust;
  gboolean  direct_tls;
  int       timeout;
  gboolean  json;

  /* request and register */
  char     *phone;
  char     *region;
  char     *name;
  char     *challenge;
  gboolean  force;
  gboolean  fallback;
  gboolean  accept_terms;
  gboolean  allow_unlisted;
  gboolean  replace;

  /* register and verify */
  char     *code;

  /* xmpp register, passwd and unregister */
  char     *jid;
  char     *new_password;
  char    **fields;

  /* xmpp info (--account JID), export/link/rekey (--account JID or number),
   * and invitations and CAPTCHAs of xmpp register */
  char     *account;
  char     *invite;
  char     *captcha_id;
  /* cadmium register, and provision (which share --url and --username) */
  char     *url;
  char     *username;
  char     *email;
  char     *msisdn;
  gboolean  login;
  /* provision and provision verify */
  char     *mail;
  char     *ip;
  char     *token_file;
  char     *token;
  char     *batch;
  gboolean  resume;
  int       retries;
  /* export, import, link and rekey */
  char     *output;
  char     *link;
  char     *qr_png;
  char    **arguments;
} SignetCliOptions;

void               signet_cli_options_clear     (SignetCliOptions            *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignetCliOptions, signet_cli_options_clear)

char              *signet_cli_dup_exit_codes_help (void);

/* Output */
void               signet_cli_print_json        (JsonBuilder                 *builder);
void               signet_cli_add_string        (JsonBuilder                 *builder,
                                                 const char                  *name,
                                                 const char                  *value);
/* server, jid, phone, name and fingerprint */
void               signet_cli_add_account       (JsonBuilder                 *builder,
                                                 SignetAccount               *account);
/* A JSON answer: {"result": {…}} or {"error": {"condition", "type",
 * "text", …}}, left open for more members, then closed and printed by
 * signet_cli_print_answer(). */
JsonBuilder       *signet_cli_begin_result      (void);
JsonBuilder       *signet_cli_begin_error       (const char                  *condition,
                                                 const char                  *type,
                                                 const char                  *text);
void               signet_cli_print_answer      (JsonBuilder                 *builder);
/* Adds @member (whether the keyring took the secret) and "keyring-error",
 * then closes and prints the answer. */
void               signet_cli_print_keyring_result (JsonBuilder              *builder,
                                                    const char               *member,
                                                    const GError             *keyring_error);
/* One line of a list of labelled values. */
typedef struct
{
  const char *label;
  const char *value;  /* NULL: no line */
} SignetCliField;
/* Prints "  LABEL  VALUE" lines, the values lined up after the widest label
 * whatever its language: a translation only names its labels. */
void               signet_cli_print_fields      (gboolean                     to_stderr,
                                                 const SignetCliField        *fields,
                                                 gsize                        n_fields);
/* Reports @error in the chosen format and returns the exit code. */
int                signet_cli_report_error      (const SignetCliOptions      *options,
                                                 const GError                *error,
                                                 const SignetStanzaError     *server_error,
                                                 const SignetCertificateInfo *certificate);
int                signet_cli_exit_code_for     (const GError                *error);

/* Running async calls to completion in the default main context. */
void               signet_cli_on_done           (GObject                     *source,
                                                 GAsyncResult                *result,
                                                 gpointer                     user_data);
GAsyncResult      *signet_cli_wait              (GAsyncResult               **slot);

/* Talking to a person */
gboolean           signet_cli_is_interactive    (const SignetCliOptions      *options);
char              *signet_cli_prompt_line       (const char                  *question);
gboolean           signet_cli_prompt_yes_no     (const char                  *question);
char              *signet_cli_read_hidden_line  (gboolean                     ask,
                                                 const char                  *question);
void               signet_cli_free_secret       (char                        *secret);

/* Servers and numbers */
SignetConnection  *signet_cli_make_connection   (const SignetCliOptions      *options,
                                                 GError                     **error);
SignetPhoneNumber *signet_cli_parse_phone       (SignetCliOptions            *options,
                                                 GError                     **error);
/* Shows @certificate and asks whether to trust it for this run. */
gboolean           signet_cli_ask_to_trust      (const SignetCliOptions      *options,
                                                 const SignetCertificateInfo *certificate);
/* Same, for a trust that is kept: Signet (the wizard too) trusts the
 * certificate for @server from now on. */
gboolean           signet_cli_ask_to_pin        (const SignetCliOptions      *options,
                                                 const SignetCertificateInfo *certificate,
                                                 const char                  *server);
/* Probes the server on one connection (SignetServerProbe); asks to trust an
 * unknown certificate once.  On failure @error is set and the probe is
 * returned (NULL only when no connection could be made) for its certificate;
 * a step made from it with new_for_probe() reports the same failure. */
SignetServerProbe  *signet_cli_open_probe        (SignetCliOptions           *options,
                                                  GError                    **error);
/* Probes the server and goes on with its Kontalk registration form.
 * On failure @error is set and the registration (if any) is returned so that
 * its certificate and server error can be reported. */
SignetRegistration *signet_cli_open_registration (SignetCliOptions           *options,
                                                  GError                    **error);

G_END_DECLS
