/* signet-test-secrets.h: after a flow, no secret is anywhere it should not
 * be: not in what the program printed, not in any file outside the private
 * GnuPG home, not in any keyring item but the account's own.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* Codes, passwords, passphrases: NULL-terminated, NULLs and "" skipped. */
  const char * const *secrets;
  /* Personal but not secret: never in a log (stderr), though results meant
   * for the person (stdout) and Signet's own records may hold them. */
  const char * const *phone_numbers;
  /* What the program printed with G_MESSAGES_DEBUG=all. */
  const char         *out;
  const char         *err;
  /* The address whose keyring items may hold a secret, or NULL for none. */
  const char         *account_jid;
} SignetTestSecrets;

/* Adds @audit's secrets, numbers and output to the running test's audit,
 * then runs it (signet_test_secrets_check()). */
void     signet_test_secrets_audit          (const SignetTestSecrets *audit);

/*
 * The audit of the running test.  What the test used is gathered as it
 * goes: signet-test-cli adds every run's arguments, input and output and
 * the folders it gave the run, signet-test-server every code it "sent";
 * tests add what else they typed.  An audited test
 * (signet_test_secrets_add_func()) is checked when it returns.
 *
 * Where a phone number may be, and where not:
 *   - a program's standard output holds its results, meant for the person
 *     (the JSON result, the field list): numbers may be there, except in a
 *     line GLib's log writer made ("DOMAIN-LEVEL: …");
 *   - standard error holds every log line (G_MESSAGES_DEBUG=all) and the
 *     messages for the person, which never need the number: none there, and
 *     none in the log of an in-process flow (the GUI shows the number in its
 *     window, never in its output);
 *   - files: only as the top-level "phone" member of Signet's own JSON
 *     records (accounts/, pending.json, under XDG_DATA_HOME/signet);
 *   - keyring items: in no attribute and no label.
 * Secrets are in none of these, and in the keyring only as the secret of
 * the account's own item (an in-progress sign-up's item may hold its
 * passphrase until the account exists).  The one secret meant for the
 * person is the token "provision register" prints for the operator to hand
 * on: on standard output, as a "token" member or a "Token:" line only.
 */

/* Codes, passwords, passphrases, tokens (NULL and "" are ignored). */
void     signet_test_secrets_add            (const char *secret);
/* The same, saying where it came from ("--code"), for the report. */
void     signet_test_secrets_add_from       (const char *secret,
                                             const char *origin);
/* A phone number, in any form: every form (E.164 with and without "+",
 * national, grouped with spaces or no-break spaces) is looked for. */
void     signet_test_secrets_add_phone      (const char *number);
/* An address whose keyring items are the test's own. */
void     signet_test_secrets_add_account    (const char *jid);
/* What a program printed: results on @out, logs and messages on @err. */
void     signet_test_secrets_add_output     (const char *out,
                                             const char *err);
/* A folder (home, XDG data, config or cache) a program the test ran used. */
void     signet_test_secrets_add_dir        (const char *path);
/* A file the test wrote itself (its own input), which the audit skips. */
void     signet_test_secrets_allow_file     (const char *path);
/* A log writer that keeps every message, debug included, for the audit, and
 * hands the rest to GLib's default writer (debug and info only when
 * @user_data is non-NULL).  Install it in main(), or call it from the test's
 * own writer. */
GLogWriterOutput signet_test_secrets_log_writer (GLogLevelFlags   log_level,
                                                 const GLogField *fields,
                                                 gsize            n_fields,
                                                 gpointer         user_data);
/* Enables debug messages in this process (as G_MESSAGES_DEBUG=all would)
 * and installs signet_test_secrets_log_writer(). */
void     signet_test_secrets_log_install    (void);

/* A description of the first leak (never the secret itself), or NULL. */
char    *signet_test_secrets_find_leak      (void);
/* Fails the test if there is a leak; forgets what the test gathered. */
void     signet_test_secrets_check          (void);
/* Forgets what the running test gathered. */
void     signet_test_secrets_reset          (void);

/* g_test_add_func() and g_test_add_data_func_full() whose test is audited
 * when it returns. */
void     signet_test_secrets_add_func       (const char     *path,
                                             GTestFunc       func);
void     signet_test_secrets_add_data_func  (const char     *path,
                                             gconstpointer   data,
                                             GTestDataFunc   func,
                                             GDestroyNotify  destroy);

G_END_DECLS
