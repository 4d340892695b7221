/* signet-cli-provision.h: what `provision` and its --batch share.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-cli-common.h"

G_BEGIN_DECLS

/* The address given to the servlet when none is: this machine. */
#define SIGNET_CLI_PROVISION_DEFAULT_IP "127.0.0.1"

SignetProvisionClient *signet_cli_provision_make_client (const SignetCliOptions *options,
                                                         int                    *status);
/* Runs one registration to completion; returns the token. */
char                  *signet_cli_provision_register    (SignetProvisionClient  *client,
                                                         const char             *username,
                                                         const char             *password,
                                                         const char             *mail,
                                                         const char             *ip,
                                                         GError                **error);
int                    signet_cli_provision_exit_code   (const GError           *error);
/* Adds the "error" member (condition, status, text, message). */
void                   signet_cli_provision_add_error   (JsonBuilder            *builder,
                                                         SignetProvisionClient  *client,
                                                         const GError           *error);
/* Reports @error in the chosen format and returns the exit code. */
int                    signet_cli_provision_report      (const SignetCliOptions *options,
                                                         SignetProvisionClient  *client,
                                                         const GError           *error);
/* --batch FILE (signet-cli-provision-batch.c). */
int                    signet_cli_provision_run_batch   (const SignetCliOptions *options,
                                                         SignetProvisionClient  *client);

G_END_DECLS
