/* signet-cli-commands.h: one function per signet-cli command.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-cli-common.h"

G_BEGIN_DECLS

/* signet-cli-kontalk.c */
int signet_cli_run_request  (SignetCliOptions *options);
int signet_cli_run_register (SignetCliOptions *options);
int signet_cli_run_verify   (SignetCliOptions *options);

/* signet-cli-accounts.c */
int signet_cli_run_accounts (SignetCliOptions *options);

/* signet-cli-xmpp.c */
int signet_cli_run_xmpp_register   (SignetCliOptions *options);
int signet_cli_run_xmpp_passwd     (SignetCliOptions *options);
int signet_cli_run_xmpp_unregister (SignetCliOptions *options);

/* signet-cli-xmpp-info.c */
int signet_cli_run_xmpp_info       (SignetCliOptions *options);

/* signet-cli-xmpp-serve.c */
int signet_cli_run_xmpp_serve      (SignetCliOptions *options);
/* signet-cli-cadmium.c */
int signet_cli_run_cadmium_register (SignetCliOptions *options);
/* signet-cli-provision.c */
int  signet_cli_run_provision         (SignetCliOptions *options);
int  signet_cli_run_provision_verify  (SignetCliOptions *options);
void signet_cli_add_provision_options (GOptionContext   *context,
                                       SignetCliOptions *options,
                                       gboolean          verify);
extern const char *signet_cli_provision_exit_codes_help;
/* signet-cli-keys.c */
int signet_cli_run_export (SignetCliOptions *options);
int signet_cli_run_import (SignetCliOptions *options);
int signet_cli_run_link   (SignetCliOptions *options);
int signet_cli_run_rekey  (SignetCliOptions *options);

/* signet-cli-kontalk.c: certifies @key again after a forced request (the
 * server no longer accepts it); "signet-cli verify" finishes.  When no
 * request goes out, @key is removed unless it is an account's (@kept). */
int signet_cli_reverify (SignetCliOptions  *options,
                         SignetPersonalKey *key,
                         const char        *e164,
                         gboolean           kept);

G_END_DECLS
