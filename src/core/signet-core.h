/* signet-core.h: the core library's public interface, for the GUI, the CLI
 * and the tests.  GLib/GIO only; no libstrophe or gpgme type
 * appears in any header included here.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-xml-node.h"
#include "signet-jid.h"
#include "signet-stanza-error.h"
#include "signet-certificate-info.h"
#include "signet-connection.h"
#include "signet-trust-store.h"

#include "signet-data-form.h"
#include "signet-register-client.h"
#include "signet-server-probe.h"
#include "signet-inband-registration.h"
#include "signet-xmpp-account.h"
#include "signet-invite-uri.h"

#include "signet-phone.h"

#include "signet-personal-key.h"

#include "signet-account.h"
#include "signet-secret-store.h"
#include "signet-account-store.h"
#include "signet-pending-registration.h"

#include "signet-challenge.h"
#include "signet-registration.h"
#include "signet-bridge-certificate.h"
#include "signet-device-link.h"
#include "signet-key-import.h"
#include "signet-key-pack.h"
#include "signet-account-key.h"
#include "signet-qr-code.h"
#include "signet-key-rollover.h"
#include "signet-verification.h"
#include "signet-signup.h"

#include "signet-signup-flow.h"

#include "signet-cadmium-frame.h"
#include "signet-cadmium-client.h"
#include "signet-provision-answer.h"
#include "signet-provision-client.h"

#include "signet-core-enums.h"
