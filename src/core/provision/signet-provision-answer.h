/* signet-provision-answer.h: what a mod_register_json servlet answers.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SIGNET_PROVISION_ERROR (signet_provision_error_quark ())

typedef enum
{
  /* Not an https:// address, or not an address at all. */
  SIGNET_PROVISION_ERROR_INVALID_URL,
  /* A plain http:// address: the servlet only answers over HTTPS. */
  SIGNET_PROVISION_ERROR_INSECURE_URL,
  /* The server's certificate is not trusted (see get_certificate()). */
  SIGNET_PROVISION_ERROR_CERTIFICATE_UNTRUSTED,
  /* Unreachable, or TLS failed otherwise. */
  SIGNET_PROVISION_ERROR_NETWORK,
  /* Reached, then no answer in time: the servlet may have acted. */
  SIGNET_PROVISION_ERROR_TIMEOUT,
  /* Reached, then cut off before the answer: the servlet may have acted. */
  SIGNET_PROVISION_ERROR_CONNECTION_CLOSED,
  /* The answer is not HTTP. */
  SIGNET_PROVISION_ERROR_MALFORMED_REPLY,
  /* 400: the request was not understood (or a field is missing). */
  SIGNET_PROVISION_ERROR_BAD_REQUEST,
  /* 401: the auth token is wrong. */
  SIGNET_PROVISION_ERROR_AUTH_TOKEN_REFUSED,
  /* 401: a registration of this username waits for its token already. */
  SIGNET_PROVISION_ERROR_PENDING,
  /* 403: the ip given is blocked. */
  SIGNET_PROVISION_ERROR_ADDRESS_BLOCKED,
  /* 403: the mail address matches a filtered pattern. */
  SIGNET_PROVISION_ERROR_MAIL_FILTERED,
  /* 406 (or found before sending): the username is not valid. */
  SIGNET_PROVISION_ERROR_INVALID_USERNAME,
  /* 409: the user exists. */
  SIGNET_PROVISION_ERROR_USER_EXISTS,
  /* 409: an account with this mail address exists. */
  SIGNET_PROVISION_ERROR_MAIL_TAKEN,
  /* 503: too many requests from this ip; wait and try again. */
  SIGNET_PROVISION_ERROR_THROTTLED,
  /* Verification: the servlet does not know the token: invalid, expired,
   * or used already (its answer may have been lost). */
  SIGNET_PROVISION_ERROR_TOKEN_INVALID,
  /* A 200 answer that is not what the servlet sends. */
  SIGNET_PROVISION_ERROR_INVALID_RESPONSE,
  /* Any other status. */
  SIGNET_PROVISION_ERROR_SERVER,
} SignetProvisionError;

GQuark   signet_provision_error_quark          (void);

/* The answer to a registration request: @status and @body (not
 * NUL-terminated, any bytes).  Returns the token on 200, else %NULL with
 * @error set to the status's SIGNET_PROVISION_ERROR; the server's own text
 * goes to @server_text when not %NULL (%NULL when it sent none). */
char    *signet_provision_parse_answer         (guint         status,
                                                const char   *body,
                                                gsize         length,
                                                char        **server_text,
                                                GError      **error);
/* The answer to a verification: TRUE for the servlet's "activated" page,
 * FALSE with SIGNET_PROVISION_ERROR_TOKEN_INVALID for its failure page,
 * or another error for anything else. */
gboolean signet_provision_parse_verify_page    (guint         status,
                                                const char   *body,
                                                gsize         length,
                                                char        **server_text,
                                                GError      **error);
/* The readable text of an HTML error page: the servlet's message (the
 * "extra" paragraph of Prosody's error page), else the body's text
 * without tags, whitespace collapsed and at most 300 characters; %NULL
 * when there is none.  Always valid UTF-8.  Only the first 64 KiB of
 * @body are read, in time linear in their length. */
char    *signet_provision_extract_text         (const char   *body,
                                                gsize         length);
/* Whether @username could pass the servlet's nodeprep, as far as can be
 * told without stringprep: nothing XMPP forbids before "@". */
gboolean signet_provision_username_is_valid    (const char   *username);

G_END_DECLS
