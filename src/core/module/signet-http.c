/* signet-http.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-http.h"
#include "signet-module.h"

const SignetHttp *
signet_http_get (GError **error)
{
  return signet_module_get ("signet-http", SIGNET_HTTP_ABI, error);
}
