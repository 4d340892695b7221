/* signet-cli-xmpp-serve-parse.h: one request line of `signet-cli xmpp serve`.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SIGNET_CLI_SERVE_ERROR (signet_cli_serve_error_quark ())

typedef enum
{
  /* Not JSON, or not one JSON object. */
  SIGNET_CLI_SERVE_ERROR_BAD_JSON,
  /* An object without a string "event", or whose "data" is not an object. */
  SIGNET_CLI_SERVE_ERROR_BAD_REQUEST,
  SIGNET_CLI_SERVE_ERROR_UNKNOWN_EVENT,
} SignetCliServeError;

GQuark signet_cli_serve_error_quark (void);

typedef enum
{
  SIGNET_CLI_SERVE_LOGIN,
  SIGNET_CLI_SERVE_GET,
  SIGNET_CLI_SERVE_SET,
  SIGNET_CLI_SERVE_UNREGISTER,
  SIGNET_CLI_SERVE_PASSWORD,
} SignetCliServeEvent;

typedef struct
{
  SignetCliServeEvent event;
  /* The request's "id" as sent (any JSON value), or NULL. */
  JsonNode           *id;
  /* "data", an empty object when left out. */
  JsonObject         *data;
} SignetCliServeRequest;

/* Parses @length bytes (-1: up to a NUL) of one line.  On failure, @id
 * receives the request's "id" when it could be read (so that the error
 * line can carry it), else NULL.  Never crashes on any bytes: a fuzz
 * harness calls it. */
SignetCliServeRequest *signet_cli_serve_parse_line   (const char            *line,
                                                      gssize                 length,
                                                      JsonNode             **id,
                                                      GError               **error);
void                   signet_cli_serve_request_free (SignetCliServeRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetCliServeRequest, signet_cli_serve_request_free)

G_END_DECLS
