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

/* How one kind of state file reports failures in its own error domain, for
 * signet_state_file_load(), _save() and _remove().  The messages are marked
 * with N_() and translated here; in the *_failed ones "%s" stands for the
 * system's reason. */
typedef struct
{
  GQuark    (*domain) (void);
  int         failed;
  int         not_found;
  int         invalid;
  /* Starts the debug message about a damaged file: "Account record". */
  const char *log_name;
  const char *not_found_message;
  const char *invalid_message;
  const char *read_failed;
  const char *write_failed;
  const char *remove_failed;
} SignetStateFileErrors;

/* Turns a file's object into what it stores, or NULL if it is damaged. */
typedef gpointer (*SignetStateFileParse) (JsonObject *object,
                                          gpointer    user_data);

/* Reads @path and parses it with @parse.  Fails with @errors' not_found code
 * when there is no file, its failed code when the file cannot be read and its
 * invalid code when it is damaged or @parse refuses it. */
gpointer    signet_state_file_load         (const char                  *path,
                                            const SignetStateFileErrors *errors,
                                            SignetStateFileParse         parse,
                                            gpointer                     user_data,
                                            GError                     **error);
/* signet_state_file_write(), failing with @errors' failed code. */
gboolean    signet_state_file_save         (const char                  *path,
                                            JsonObject                  *object,
                                            const SignetStateFileErrors *errors,
                                            GError                     **error);
/* Removes @path.  A missing file is success if @missing_ok, else @errors'
 * not_found code. */
gboolean    signet_state_file_remove       (const char                  *path,
                                            const SignetStateFileErrors *errors,
                                            gboolean                     missing_ok,
                                            GError                     **error);

/* "+" and 2 to 15 digits, the first not 0: the only phone numbers stored. */
gboolean    signet_state_file_is_e164      (const char  *phone);

G_END_DECLS
