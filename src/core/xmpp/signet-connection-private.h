/* signet-connection-private.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the caller's side of a SignetConnection (signet-connection.c) and
 * its worker thread (signet-connection-worker.c) share.
 *
 * libstrophe is not thread-safe and blocks in DNS, in connect() setup and in
 * the TLS handshake, so every xmpp_* call happens on a worker thread that the
 * connection owns.  The caller's side talks to it through a command queue;
 * the worker answers with events, idle sources attached to the GMainContext
 * that was thread-default when the _async function was called.
 *
 * Ownership:
 *  - SignetConnectionOp: one pending _async call, shared by reference count.
 *    Its GTask, timeout source and cancellable source are touched only on
 *    the caller's context; everything else in it is immutable.  Timeouts and
 *    cancellation complete the task on the caller's side at once and only
 *    then tell the worker to forget the operation, so a worker stuck in a
 *    blocking call never delays them.
 *  - SignetConnectionWorker: shared by the SignetConnection and the thread.
 *    The thread holds its own reference and tears libstrophe down by itself;
 *    the worker reaches the object only through a GWeakRef, and only on the
 *    caller's context.
 *  - The thread: joined when the object is disposed, so that no thread is
 *    still inside libstrophe or OpenSSL when the process exits.
 *
 * No libstrophe type appears here: only the worker and the TLS code
 * (signet-connection-tls.h) see it.
 */

#pragma once

#include "signet-connection.h"

G_BEGIN_DECLS

typedef enum
{
  SIGNET_CONNECTION_OP_CONNECT,
  SIGNET_CONNECTION_OP_IQ,
} SignetConnectionOpKind;

typedef struct
{
  gatomicrefcount         ref_count;
  SignetConnectionOpKind  kind;
  GMainContext           *context;
  char                   *id;
  char                   *xml;

  /* Caller's context only.  @task is NULL once the operation completed. */
  GTask                  *task;
  GSource                *timeout_source;
  GSource                *cancel_source;
} SignetConnectionOp;

SignetConnectionOp *signet_connection_op_ref   (SignetConnectionOp *op);
void                signet_connection_op_unref (SignetConnectionOp *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetConnectionOp, signet_connection_op_unref)

/* The settings of one connection attempt, copied for the worker. */
typedef struct
{
  char     *domain;
  char     *host;
  guint16   port;
  gboolean  direct_tls;
  char     *trusted_sha256;
  char     *client_certificate;
  char     *client_key;
  char     *login_jid;
  char     *login_password;
  guint     keepalive;
} SignetConnectionConfig;

void signet_connection_config_free (SignetConnectionConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetConnectionConfig, signet_connection_config_free)

typedef struct _SignetConnectionWorker SignetConnectionWorker;

typedef enum
{
  SIGNET_CONNECTION_EVENT_CONNECTED,
  SIGNET_CONNECTION_EVENT_IQ_REPLY,
  SIGNET_CONNECTION_EVENT_FAILED,
  /* A connection that was up ended; @op is the connect operation. */
  SIGNET_CONNECTION_EVENT_CLOSED,
} SignetConnectionEventKind;

/* From the worker to the caller's context. */
typedef struct
{
  SignetConnectionEventKind  kind;
  SignetConnectionWorker    *worker;
  SignetConnectionOp        *op;
  SignetXmlNode             *node;
  SignetCertificateInfo     *certificate;
  char                      *bound_jid;
  char                      *sasl_mechanism;
  GError                    *error;
} SignetConnectionEvent;

/* Acts on @event on the caller's context; @self is %NULL once the object
 * is gone.  Fields it steals are not freed again. */
void                    signet_connection_handle_event   (SignetConnection       *self,
                                                          SignetConnectionEvent  *event);

/* Starts the worker thread for @self. */
SignetConnectionWorker *signet_connection_worker_new     (SignetConnection       *self);
/* Stops the thread, waits for it and drops the caller's reference. */
void                    signet_connection_worker_stop    (SignetConnectionWorker *worker);
/* Takes @config. */
void                    signet_connection_worker_connect (SignetConnectionWorker *worker,
                                                          SignetConnectionOp     *op,
                                                          SignetConnectionConfig *config);
void                    signet_connection_worker_send_iq (SignetConnectionWorker *worker,
                                                          SignetConnectionOp     *op);
/* The caller completed @op itself (timeout, cancellation, close). */
void                    signet_connection_worker_forget  (SignetConnectionWorker *worker,
                                                          SignetConnectionOp     *op);
void                    signet_connection_worker_close   (SignetConnectionWorker *worker);

G_END_DECLS
