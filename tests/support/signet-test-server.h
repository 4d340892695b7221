/* signet-test-server.h: run signet-devserver from a test.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "signet-test-async.h"

G_BEGIN_DECLS

typedef struct _SignetTestServer SignetTestServer;

/* Starts $SIGNET_DEVSERVER --port 0 with the NULL-terminated extra @args,
 * waits for its READY line and fails the test if it does not come. */
SignetTestServer *signet_test_server_start        (const char * const *args);
/* Same, varargs form: signet_test_server_startv ("--terms-url", "https://…", NULL). */
SignetTestServer *signet_test_server_startv       (const char         *first_arg,
                                                   ...) G_GNUC_NULL_TERMINATED;
void              signet_test_server_stop         (SignetTestServer   *self);
const char       *signet_test_server_get_address  (SignetTestServer   *self);
guint16           signet_test_server_get_port     (SignetTestServer   *self);
/* "127.0.0.1:PORT" */
const char       *signet_test_server_get_host_and_port (SignetTestServer *self);
/* SHA-256 of the server's TLS certificate, lowercase hex. */
const char       *signet_test_server_get_sha256   (SignetTestServer   *self);
const char       *signet_test_server_get_domain   (SignetTestServer   *self);
/* Waits (iterating the thread-default main context) until the server prints
 * "CODE <e164> <code>" for @e164 and returns the code. */
char             *signet_test_server_wait_for_code (SignetTestServer  *self,
                                                    const char        *e164);
/* Sends SIGUSR1 and waits for the FORGOTTEN line: from then on the server
 * refuses the keys of the accounts it has until they are verified again. */
void              signet_test_server_forget_keys  (SignetTestServer   *self);
/* Every line the server printed on stdout so far. */
const char       *signet_test_server_get_output   (SignetTestServer   *self);

/* A connection with this server's address and certificate trusted. */
#include "signet-connection.h"
SignetConnection *signet_test_server_new_connection (SignetTestServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTestServer, signet_test_server_stop)

G_END_DECLS
