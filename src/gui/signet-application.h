/* signet-application.h
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SIGNET_TYPE_APPLICATION (signet_application_get_type ())

G_DECLARE_FINAL_TYPE (SignetApplication, signet_application, SIGNET, APPLICATION, AdwApplication)

SignetApplication *signet_application_new (void);

G_END_DECLS
