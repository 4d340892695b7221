/* signet-cli-validate.h: one argument contract for every signet-cli command.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-cli-common.h"

G_BEGIN_DECLS

/* --timeout before parsing: tells "not given" from a given 0. */
#define SIGNET_CLI_TIMEOUT_UNSET          G_MININT
/* The request step waits longer by default: a real server checks the
 * number across its whole network first, with no limit of its own. */
#define SIGNET_CLI_REQUEST_TIMEOUT        120
/* The longest server or host name accepted (a DNS name's limit). */
#define SIGNET_CLI_MAX_DOMAIN_LENGTH      253

/* Exit codes of the CLI contract (30–34). */
enum
{
  /* A caller-ID check whose call the server has not seen (yet). */
  SIGNET_CLI_EXIT_CALL_NOT_SEEN = 30,
  /* Another number's sign-up is waiting for its code (see --replace). */
  SIGNET_CLI_EXIT_OTHER_PENDING = 31,
};

/* The lines of --help's exit status list for the codes above. */

/* Sets what parsing cannot: --timeout not given yet. */
void      signet_cli_options_init          (SignetCliOptions       *options);

/* Checks every option given before anything is sent: the same rules for
 * every command.  Normalizes --code (spaces and dashes dropped) and an unset
 * --timeout (0: the default).  On a mistake it reports a usage error and
 * returns FALSE with the exit status in @status. */
gboolean  signet_cli_validate_options      (SignetCliOptions       *options,
                                            int                    *status);

/* Reports an error found here, not by a server: {"error": {"condition":
 * @condition, "type": @type, "text": null, "option": @option or null,
 * "message": @message}} with --json, @message on stderr otherwise.  Returns
 * @status. */
int       signet_cli_report_local          (const SignetCliOptions *options,
                                            const char             *condition,
                                            const char             *type,
                                            const char             *option,
                                            const char             *message,
                                            int                     status);

/* Reports a usage error naming @option (nullable), as one JSON object with
 * --json; returns SIGNET_CLI_EXIT_USAGE. */
int       signet_cli_report_usage          (const SignetCliOptions *options,
                                            const char             *option,
                                            const char             *message);

/* A usage error found while parsing @argv (unknown option, bad number,
 * text that is not UTF-8): reported as JSON when --json is among @argv. */
int       signet_cli_report_parse_error    (int                     argc,
                                            char                  **argv,
                                            const char             *message);

/* --server and the like: a domain name without spaces, "@" or "/". */
gboolean  signet_cli_check_domain          (const char             *option,
                                            const char             *domain,
                                            GError                **error);

/* A verification code as typed: spaces and dashes dropped, digits only,
 * @expected_length digits unless 0.  Returns a new string or NULL. */
char     *signet_cli_normalize_code        (const char             *option,
                                            const char             *code,
                                            guint                   expected_length,
                                            GError                **error);

G_END_DECLS
