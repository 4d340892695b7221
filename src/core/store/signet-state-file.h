/* signet-state-file.h: Signet's small private JSON files (internal)
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Account records and the pending registration are a few hundred bytes; a
 * bigger file is not ours and is refused before it is read. */
#define SIGNET_STATE_FILE_MAX_SIZE (64 * 1024)

/* Reads @path and returns its top-level JSON object.  Fails with
 * G_FILE_ERROR_NOENT when there is no such file, G_IO_ERROR_INVALID_DATA when
 * it is not a regular file, larger than SIGNET_STATE_FILE_MAX_SIZE, not JSON
 * or not an object, and another G_FILE_ERROR when it cannot be read.  The
 * error messages never quote the file's contents, so they can be logged. */
JsonObject *signet_state_file_read         (const char  *path,
                                            GError     **error);

/* Writes @object to @path atomically (a temporary file renamed over it) with
 * mode 0600, after creating its directory with mode 0700 if needed and
 * tightening it to 0700 if it is wider. */
gboolean    signet_state_file_write        (const char  *path,
                                            JsonObject  *object,
                                            GError     **error);

/* Typed readers for a member of an object read from a file we do not trust.
 * Each returns FALSE if the member has the wrong type, or is missing while
 * @required; a missing or null optional member reads as NULL, FALSE or 0. */
gboolean    signet_state_file_get_string   (JsonObject  *object,
                                            const char  *member,
                                            gboolean     required,
                                            char       **value);
gboolean    signet_state_file_get_boolean  (JsonObject  *object,
                                            const char  *member,
                                            gboolean    *value);
/* Integers outside [@min, @max] are refused too. */
gboolean    signet_state_file_get_int      (JsonObject  *object,
                                            const char  *member,
                                            gint64       min,
                                            gint64       max,
                                            gint64      *value);
/* An ISO 8601 date and time with a time zone, or without one for UTC. */
gboolean    signet_state_file_get_datetime (JsonObject  *object,
                                            const char  *member,
                                            GDateTime  **value);

/* "+" and 2 to 15 digits, the first not 0: the only phone numbers stored. */
gboolean    signet_state_file_is_e164      (const char  *phone);

G_END_DECLS
