/* fault-relay.h: a TLS relay between signet-cli and a real server that
 * counts the elements going each way (XMPP's top-level elements, or whole
 * HTTP requests and answers) and hits one of them with a fault.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fault-matrix.h"
#include "signet-test-xmpp-server.h"

G_BEGIN_DECLS

typedef enum
{
  /* Top-level elements of an XMPP stream, named "C iq-set", "S success". */
  FAULT_RELAY_XMPP,
  /* HTTP/1.1 requests and answers, each with its body, named after the
   * last segment of the request's path: "C POST verify", "S 200 verify". */
  FAULT_RELAY_HTTP,
} FaultRelayFraming;

typedef enum
{
  FAULT_RELAY_NONE,
  /* Both sockets cut where the element would have passed. */
  FAULT_RELAY_DROP,
  /* The element passes only after FAULT_RELAY_DELAY_MS. */
  FAULT_RELAY_DELAY,
  /* Broken XML (HTTP: a status line that is not HTTP) goes on instead of
   * the element. */
  FAULT_RELAY_GARBLE,
  /* <iq type='result'/> with the element's id (HTTP: an empty 200 answer)
   * goes on instead of it. */
  FAULT_RELAY_WRONG,
  /* The element is held back for good and fault_relay_wait_hit() returns,
   * so that the test kills the client at that point. */
  FAULT_RELAY_HOLD,
} FaultRelayFault;

/* How the relay makes @fault: killed is held, for the test to kill the
 * client. */
FaultRelayFault fault_relay_fault_of     (FaultMatrixFault fault);

/* Longer than the client's --timeout in the matrix. */
#define FAULT_RELAY_DELAY_MS 3000

typedef struct _FaultRelay FaultRelay;

/* Listens on 127.0.0.1 and a free port.  The client gets TLS at once with
 * the certificate and key in these PEM files; every connection goes on to
 * 127.0.0.1:@upstream_port, also with TLS at once, any certificate taken. */
FaultRelay *fault_relay_new              (FaultRelayFraming framing,
                                          const char       *certificate_file,
                                          const char       *key_file,
                                          guint16           upstream_port);
/* The same in front of @server's second port (@HTTP_PORT@), with its
 * certificate. */
FaultRelay *fault_relay_new_for_server   (FaultRelayFraming     framing,
                                          SignetTestXmppServer *server);
/* "127.0.0.1:PORT" */
const char *fault_relay_get_host_and_port (FaultRelay     *self);
/* From now on, counting from 1 again over every connection, hit the
 * @element-th element with @fault (NONE: just count). */
void        fault_relay_arm              (FaultRelay      *self,
                                          guint            element,
                                          FaultRelayFault  fault);
/* The elements seen since fault_relay_arm(), one "C name" (from the
 * client) or "S name" (from the server) each. */
GPtrArray  *fault_relay_dup_elements     (FaultRelay      *self);
/* Whether the armed element was reached. */
gboolean    fault_relay_was_hit          (FaultRelay      *self);
/* Serves the default main context until the armed element is reached or
 * @process ends; returns whether it was reached. */
gboolean    fault_relay_wait_hit         (FaultRelay      *self,
                                          GSubprocess     *process);
/* Waits until what the armed fault put in place of its element has gone
 * on, or was dropped (a delayed element has reached the other side), for at
 * most @seconds; returns whether it has. */
gboolean    fault_relay_wait_settled     (FaultRelay      *self,
                                          guint            seconds);

G_END_DECLS
