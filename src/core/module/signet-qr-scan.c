/* signet-qr-scan.c
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "signet-module.h"
#include "signet-qr-scan.h"

const SignetQrScan *
signet_qr_scan_get (GError **error)
{
  return signet_module_get ("signet-qr-scan", SIGNET_QR_SCAN_ABI, error);
}
