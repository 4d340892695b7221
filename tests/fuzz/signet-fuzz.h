/* signet-fuzz.h: what the libFuzzer harnesses share
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>

#include "signet-xml-node.h"

G_BEGIN_DECLS

/* Each harness defines only this; signet-fuzz.c sets up logging once. */
int            LLVMFuzzerTestOneInput        (const uint8_t *data,
                                              size_t         size);

/* The input as a NUL-terminated string (libFuzzer's has no terminator). */
char          *signet_fuzz_dup_string        (const uint8_t *data,
                                              size_t         size);
/* The input parsed as one XML document, or NULL. */
SignetXmlNode *signet_fuzz_parse_xml         (const uint8_t *data,
                                              size_t         size);
/* Aborts unless @node serializes into XML that parses back and serializes
 * into the same text. */
void           signet_fuzz_check_round_trip  (SignetXmlNode *node);

G_END_DECLS
