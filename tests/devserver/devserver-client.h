/* devserver-client.h: one client connection of the development server
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "devserver-kontalk.h"
#include "devserver-tls.h"

G_BEGIN_DECLS

/* How every connection behaves, faults included.  Shared, read-only. */
typedef struct
{
  DevserverKontalk *kontalk;
  DevserverTls     *tls;
  /* FALSE with --no-starttls: no STARTTLS offered, registration in the
   * clear, which a client must refuse. */
  gboolean          offer_starttls;
  /* Element numbers count every top-level element the client sends after
   * a stream header, <starttls/> included, over the whole connection
   * (stream restarts do not reset them); the first is 1.  0: off. */
  guint             drop_after;
  guint             garble;
  guint             delay_ms;
  /* The faults above hit only the N-th connection the server accepts
   * (from 1); 0: every connection. */
  guint             fault_connection;
  /* With delay_ms: this element is read only that late, and not at all if
   * the client left meanwhile; 0: every reply is late instead. */
  guint             delay_element;
  /* This element is answered <iq type='result'/> with its id and nothing
   * in it: a reply of the wrong kind for whatever was asked.  0: off. */
  guint             wrong_reply;
  /* Print "CONNECTION <n>" on stdout as each connection is accepted, and
   * "ELEMENT <connection> <n> <name>" as each element arrives. */
  gboolean          print_connections;
} DevserverClientOptions;

/* Serves one accepted connection with blocking I/O until it ends.  Runs on
 * its own thread. */
void devserver_client_run (const DevserverClientOptions *options,
                           GSocketConnection            *connection);

G_END_DECLS
