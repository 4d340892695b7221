/* test-provision.c: `signet-cli provision` against a mod_register_json
 * servlet on a real Prosody, over HTTPS on loopback.
 *
 * The servlet is tests/support/prosody/mod_signet_test_register_json.lua,
 * which serves what the community module documents; the accounts it
 * activates are real Prosody accounts, so the tests log in with them.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "signet-core.h"
#include "signet-test-async.h"
#include "signet-test-cli.h"
#include "signet-test-secrets.h"
#include "signet-test-xmpp-server.h"

#define AUTH_TOKEN "operator-secret"
#define PENDING_LIFETIME 2

static SignetTestXmppServer *server;
static char *url;

/* Prosody picks the certificate by the name the client sends (SNI), so the
 * servlet is reached as "localhost", one of its virtual hosts. */
static const SignetTestXmppHost hosts[] = {
  { "localhost",
    "modules_enabled = { @MODULES@ \"signet_test_register_json\"; }\n"
    "reg_servlet_auth_token = \"" AUTH_TOKEN "\"\n"
    "reg_servlet_bl = { \"192.0.2.66\" }\n"
    "reg_servlet_filtered_mails = { \"@spam%.example$\" }\n"
    "signet_test_reg_short_lived = \"^short\"\n"
    "signet_test_reg_short_lifetime = 2\n" },
  { NULL }
};

typedef SignetTestCliRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, signet_test_cli_run_clear)

/* Runs signet-cli with @args, @input on standard input and @auth_token in
 * SIGNET_PROVISION_TOKEN (none when NULL). */
static void
run_cli (Run                *run,
         const char         *input,
         const char         *auth_token,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();

  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  if (auth_token != NULL)
    g_subprocess_launcher_setenv (launcher, "SIGNET_PROVISION_TOKEN", auth_token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "SIGNET_PROVISION_TOKEN");

  signet_test_cli_run (run, launcher, args, input);
}

static JsonObject *
parse_json (const char *text)
{
  return signet_test_cli_parse_object (text);
}

static char *
new_username (void)
{
  return signet_test_xmpp_new_username ("prov");
}

/* An address of the person signing up that no other test uses, so that
 * the servlet's throttle (keyed on it) never mixes tests up. */
static char *
new_ip (void)
{
  static guint counter;

  counter++;
  return g_strdup_printf ("198.51.%u.%u", counter / 250, counter % 250 + 1);
}

/* provision --json for @username; returns the token, or NULL with the run kept. */
static char *
provision (Run        *run,
           const char *username,
           const char *mail,
           const char *ip,
           const char *password)
{
  const char *args[] = { "provision", "--url", url, "--trust", signet_test_xmpp_server_get_sha256 (server),
                         "--username", username, "--mail", mail, "--ip", ip, "--json", NULL };
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  g_autoptr(JsonObject) root = NULL;

  run_cli (run, input, AUTH_TOKEN, args);
  if (run->status != 0)
    return NULL;

  root = parse_json (run->out);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (root, "verify_url"), "/register_account/verify/"));
  return g_strdup (json_object_get_string_member (root, "token"));
}

static void
verify (Run        *run,
        const char *token)
{
  const char *args[] = { "provision", "verify", "--url", url, "--trust",
                         signet_test_xmpp_server_get_sha256 (server), "--token", token, NULL };

  run_cli (run, "", NULL, args);
}

static char *
mail_for (const char *username)
{
  return g_strdup_printf ("%s@mail.example", username);
}

/*
 * One account
 */

static void
test_register_verify_login (void)
{
  g_autofree char *username = new_username ();
  g_autofree char *mail = mail_for (username);
  g_autofree char *ip = new_ip ();
  g_autofree char *jid = g_strdup_printf ("%s@localhost", username);
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) registered = { 0 };
  g_auto(Run) verified = { 0 };
  g_auto(Run) again = { 0 };

  token = provision (&registered, username, mail, ip, "correct horse");
  g_assert_cmpint (registered.status, ==, 0);
  g_assert_nonnull (token);
  /* The password went in on standard input and comes out nowhere. */
  g_assert_null (strstr (registered.out, "correct horse"));
  g_assert_null (strstr (registered.err, "correct horse"));

  /* No account before the token is used. */
  g_assert_false (signet_test_xmpp_login (server, jid, "correct horse", NULL, &error));
  g_clear_error (&error);

  verify (&verified, token);
  g_assert_cmpint (verified.status, ==, 0);
  g_assert_nonnull (strstr (verified.out, "activated"));
  g_assert_true (signet_test_xmpp_login (server, jid, "correct horse", NULL, &error));
  g_assert_no_error (error);

  /* A token works once; the servlet cannot tell a used token from an
   * unknown one, so the refusal must not say the account is not active. */
  verify (&again, token);
  g_assert_cmpint (again.status, ==, 11);
  g_assert_nonnull (strstr (again.err, "invalid or has expired"));
  g_assert_nonnull (strstr (again.err, "activated its account already"));
  g_assert_null (strstr (again.err, "not activated"));
}

static void
test_pending_expires (void)
{
  /* The servlet keeps a registration 300 s; the test server lets these go after 2. */
  g_autofree char *username = signet_test_xmpp_new_username ("short");
  g_autofree char *mail = mail_for (username);
  g_autofree char *ip = new_ip ();
  g_autofree char *token = NULL;
  g_auto(Run) registered = { 0 };
  g_auto(Run) late = { 0 };

  token = provision (&registered, username, mail, ip, "pw");
  g_assert_nonnull (token);
  g_usleep ((PENDING_LIFETIME + 1) * G_USEC_PER_SEC);

  verify (&late, token);
  g_assert_cmpint (late.status, ==, 11);
  g_assert_nonnull (strstr (late.err, "invalid or has expired"));
}

/*
 * Each refusal
 */

typedef struct
{
  int status;
  const char *condition;
  const char *message;
} Expected;

static void
assert_refused (const Run      *run,
                const Expected *expected)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  g_test_message ("%s: exit %d, %s", expected->condition, run->status, run->out);
  g_assert_cmpint (run->status, ==, expected->status);
  root = parse_json (run->out);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, expected->condition);
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), expected->message));
}

static void
test_statuses (void)
{
  g_autofree char *taken = new_username ();
  g_autofree char *taken_mail = mail_for (taken);
  g_autofree char *pending = new_username ();
  g_autofree char *pending_mail = mail_for (pending);
  g_autofree char *other = new_username ();
  g_autofree char *other_mail = mail_for (other);
  g_autofree char *ip = new_ip ();
  g_autofree char *token = NULL;
  g_autofree char *pending_token = NULL;
  g_auto(Run) setup = { 0 };
  g_auto(Run) setup_verify = { 0 };
  g_auto(Run) setup_pending = { 0 };
  g_auto(GStrv) ips = g_new0 (char *, 7);

  for (guint i = 0; i < 6; i++)
    ips[i] = new_ip ();

  token = provision (&setup, taken, taken_mail, ip, "pw");
  g_assert_nonnull (token);
  verify (&setup_verify, token);
  g_assert_cmpint (setup_verify.status, ==, 0);
  pending_token = provision (&setup_pending, pending, pending_mail, ips[0], "pw");
  g_assert_nonnull (pending_token);

  {
    struct { const char *username, *mail, *ip, *password; Expected expected; } cases[] = {
      { taken, other_mail, ips[1], "pw", { 4, "user-exists", "This username is taken" } },
      { pending, other_mail, ips[2], "pw", { 22, "pending", "already waiting for its token" } },
      { other, pending_mail, ips[3], "pw", { 26, "mail-taken", "mail address exists already" } },
      { other, "someone@spam.example", ips[4], "pw", { 24, "mail-filtered", "does not accept this mail" } },
      { other, other_mail, "192.0.2.66", "pw", { 23, "address-blocked", "from this IP address" } },
      /* Passes the local check, fails nodeprep (mixed directions). */
      { "a\u05d0", other_mail, ips[5], "pw", { 25, "invalid-username", "not allowed" } },
      /* Refused before sending. */
      { "with space", other_mail, ips[5], "pw", { 25, "invalid-username", "does not allow" } },
      { other, other_mail, ips[5], "", { 20, "bad-request", "password is empty" } },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_auto(Run) run = { 0 };

        g_assert_null (provision (&run, cases[i].username, cases[i].mail, cases[i].ip, cases[i].password));
        assert_refused (&run, &cases[i].expected);
      }
  }
}

/* Starts provision --json for @username with "pw" on its standard input,
 * without waiting for it; finished by finish_provision(). */
static GSubprocess *
start_provision (const char    *username,
                 const char    *mail,
                 const char    *ip,
                 GAsyncResult **result)
{
  const char *args[] = { "provision", "--url", url, "--trust", signet_test_xmpp_server_get_sha256 (server),
                         "--username", username, "--mail", mail, "--ip", ip, "--json", NULL };
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();
  GSubprocess *process;

  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "SIGNET_PROVISION_TOKEN", AUTH_TOKEN, TRUE);
  process = signet_test_cli_spawn (launcher, args);
  g_subprocess_communicate_utf8_async (process, "pw\n", NULL, signet_test_async_callback, result);

  return process;
}

static void
finish_provision (Run           *run,
                  GSubprocess   *process,
                  GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (process, signet_test_async_wait (result), &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

/* Two sign-ups from one address at the same time: the servlet takes the
 * one it sees first and throttles the other.  Run one after the other, the
 * second could reach the servlet after its 2-second window on a slow
 * machine or build (the sanitizer passes). */
static void
test_throttled (void)
{
  g_autofree char *first = new_username ();
  g_autofree char *first_mail = mail_for (first);
  g_autofree char *second = new_username ();
  g_autofree char *second_mail = mail_for (second);
  g_autofree char *ip = new_ip ();
  g_autoptr(GSubprocess) first_process = NULL;
  g_autoptr(GSubprocess) second_process = NULL;
  g_autoptr(GAsyncResult) first_result = NULL;
  g_autoptr(GAsyncResult) second_result = NULL;
  g_auto(Run) first_run = { 0 };
  g_auto(Run) second_run = { 0 };
  const Expected expected = { 5, "throttled", "wait a little" };

  first_process = start_provision (first, first_mail, ip, &first_result);
  second_process = start_provision (second, second_mail, ip, &second_result);
  finish_provision (&first_run, first_process, &first_result);
  finish_provision (&second_run, second_process, &second_result);

  g_assert_true ((first_run.status == 0) != (second_run.status == 0));
  assert_refused (first_run.status == 0 ? &second_run : &first_run, &expected);
}

static void
test_auth_token_refused (void)
{
  g_autofree char *username = new_username ();
  g_autofree char *mail = mail_for (username);
  const char *args[] = { "provision", "--url", url, "--trust", signet_test_xmpp_server_get_sha256 (server),
                         "--username", username, "--mail", mail, NULL };
  g_auto(Run) wrong = { 0 };
  g_auto(Run) missing = { 0 };

  run_cli (&wrong, "pw\n", "not-the-token", args);
  g_assert_cmpint (wrong.status, ==, 21);
  g_assert_nonnull (strstr (wrong.err, "refused the auth token"));
  g_assert_nonnull (strstr (wrong.err, "The server said: “Auth token is invalid!"));

  run_cli (&missing, "pw\n", NULL, args);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "SIGNET_PROVISION_TOKEN"));
}

static void
test_token_file (void)
{
  g_autofree char *username = new_username ();
  g_autofree char *mail = mail_for (username);
  g_autofree char *ip = new_ip ();
  g_autofree char *dir = g_dir_make_tmp ("signet-provision.XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "token", NULL);
  const char *args[] = { "provision", "--url", url, "--trust", signet_test_xmpp_server_get_sha256 (server),
                         "--token-file", path, "--username", username, "--mail", mail, "--ip", ip, NULL };
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (path, AUTH_TOKEN "\n", -1, NULL));
  run_cli (&run, "pw\n", "not-the-token", args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Token:"));
  g_unlink (path);
  g_rmdir (dir);
}

/* A 404 from a wrong path is reported with its status; a closed port is
 * the network. */
static void
test_unexpected_status_and_network (void)
{
  g_autofree char *wrong_path = g_strdup_printf ("https://localhost:%u/nowhere/",
                                                 signet_test_xmpp_server_get_http_port (server));
  const char *args[] = { "provision", "--url", wrong_path, "--trust", signet_test_xmpp_server_get_sha256 (server),
                         "--username", "nobody", "--mail", "n@mail.example", "--json", NULL };
  const char *closed[] = { "provision", "verify", "--url", "https://localhost:9/register_account/",
                           "--token", "x", NULL };
  const Expected expected = { 27, "server-error", "unexpected status 404" };
  g_auto(Run) run = { 0 };
  g_auto(Run) network = { 0 };

  run_cli (&run, "pw\n", AUTH_TOKEN, args);
  assert_refused (&run, &expected);
  run_cli (&network, "", NULL, closed);
  g_assert_cmpint (network.status, ==, 8);
  g_assert_nonnull (strstr (network.err, "Could not reach the servlet on localhost"));
}

static void
test_help_lists_exit_codes (void)
{
  const char *args[] = { "provision", "--help", NULL };
  g_auto(Run) run = { 0 };

  run_cli (&run, "", NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--batch"));
  g_assert_nonnull (strstr (run.out, "--token-file"));
  for (int code = 20; code <= 29; code++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %d   ", code);

      g_assert_nonnull (strstr (run.out, line));
    }
}

static void
test_plain_http_refused (void)
{
  g_autofree char *plain = g_strdup_printf ("http://localhost:%u/register_account/",
                                            signet_test_xmpp_server_get_http_port (server));
  const char *args[] = { "provision", "--url", plain, "--username", "nobody", "--mail", "n@mail.example", NULL };
  const char *verify_args[] = { "provision", "verify", "--url", plain, "--token", "x", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) verify_run = { 0 };

  run_cli (&run, "pw\n", AUTH_TOKEN, args);
  g_assert_cmpint (run.status, ==, 29);
  g_assert_nonnull (strstr (run.err, "must start with https://"));
  run_cli (&verify_run, "", NULL, verify_args);
  g_assert_cmpint (verify_run.status, ==, 29);
}

static void
test_untrusted_then_trusted (void)
{
  g_autofree char *username = new_username ();
  g_autofree char *mail = mail_for (username);
  g_autofree char *ip = new_ip ();
  const char *args[] = { "provision", "--url", url, "--username", username, "--mail", mail, "--ip", ip, NULL };
  g_auto(Run) untrusted = { 0 };
  g_auto(Run) trusted = { 0 };
  g_autofree char *token = NULL;

  run_cli (&untrusted, "pw\n", AUTH_TOKEN, args);
  g_assert_cmpint (untrusted.status, ==, 3);
  g_assert_nonnull (strstr (untrusted.err, "not trusted"));
  /* The fingerprint to check, and how to go on once it is. */
  g_assert_nonnull (strstr (untrusted.err, signet_test_xmpp_server_get_sha256 (server)));
  g_assert_nonnull (strstr (untrusted.err, "--trust"));

  /* Another certificate's fingerprint is no better than none. */
  {
    const char *wrong[] = { "provision", "--url", url, "--trust", "00112233445566778899aabbccddeeff"
                            "00112233445566778899aabbccddeeff", "--username", username, "--mail", mail,
                            "--ip", ip, NULL };
    g_auto(Run) run = { 0 };

    run_cli (&run, "pw\n", AUTH_TOKEN, wrong);
    g_assert_cmpint (run.status, ==, 3);
  }

  token = provision (&trusted, username, mail, ip, "pw");
  g_assert_cmpint (trusted.status, ==, 0);
  g_assert_nonnull (token);
}

/*
 * Batches
 */

static char *
batch_line (const char *username,
            const char *password_member,
            const char *ip)
{
  g_autofree char *mail = mail_for (username);

  return g_strdup_printf ("{\"username\": \"%s\", \"mail\": \"%s\", %s, \"ip\": \"%s\"}",
                          username, mail, password_member, ip);
}

static GPtrArray *
split_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (objects, parse_json (lines[i]));

  return objects;
}

static void
run_batch (Run        *run,
           const char *path,
           gboolean    resume)
{
  const char *args[] = { "provision", "--url", url, "--trust", signet_test_xmpp_server_get_sha256 (server),
                         "--batch", path, resume ? "--resume" : NULL, NULL };

  run_cli (run, "", AUTH_TOKEN, args);
  g_test_message ("batch: exit %d\n%s%s", run->status, run->out, run->err);
}

static const char *
token_of (JsonObject *result)
{
  return json_object_has_member (result, "token") ? json_object_get_string_member (result, "token") : NULL;
}

static void
check_first_batch (const Run  *run,
                   const char *login_jid)
{
  g_autoptr(GPtrArray) results = split_lines (run->out);
  g_autoptr(GError) error = NULL;
  g_auto(Run) verified = { 0 };

  /* Line 6 is empty and not an account. */
  g_assert_cmpint (run->status, ==, 28);
  g_assert_cmpuint (results->len, ==, 6);
  g_assert_nonnull (token_of (results->pdata[0]));
  g_assert_cmpint (json_object_get_int_member (results->pdata[1], "line"), ==, 2);
  g_assert_null (token_of (results->pdata[1]));
  /* The same address right after line 1: throttled, then let through. */
  g_assert_nonnull (token_of (results->pdata[2]));
  g_assert_cmpint (json_object_get_int_member (results->pdata[2], "retries"), >=, 1);
  g_assert_nonnull (token_of (results->pdata[3]));
  g_assert_cmpint (json_object_get_int_member (results->pdata[4], "line"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (results->pdata[5], "line"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (results->pdata[5], "error"),
                                                  "condition"), ==, "invalid-username");
  g_assert_nonnull (strstr (run->err, "Line 2: It is not a JSON object."));
  g_assert_nonnull (strstr (run->err, "Line 5: It needs “username” and “mail”."));
  g_assert_nonnull (strstr (run->err, "3 registered, 3 failed"));

  /* The account whose password came from a file works with it. */
  verify (&verified, token_of (results->pdata[3]));
  g_assert_cmpint (verified.status, ==, 0);
  g_assert_true (signet_test_xmpp_login (server, login_jid, "from a file", NULL, &error));
  g_assert_no_error (error);
}

/* The batch file: accounts on lines 1, 3 and 4 (3 from the same address
 * as 1, 4 with a password file), bad lines 2 and 5, an empty line 6, and an
 * account the servlet cannot take on line 7. */
static char *
first_batch (GStrv names)
{
  g_autofree char *ip = new_ip ();
  g_autofree char *other_ip = new_ip ();
  g_autofree char *line1 = NULL;
  g_autofree char *line3 = NULL;
  g_autofree char *line4 = NULL;
  g_autofree char *line7 = NULL;

  for (guint i = 0; i < 3; i++)
    names[i] = new_username ();
  line1 = batch_line (names[0], "\"password\": \"pa\"", ip);
  line3 = batch_line (names[1], "\"password\": \"pb\"", ip);
  line4 = batch_line (names[2], "\"password_file\": \"c.password\"", other_ip);
  line7 = batch_line ("bad user", "\"password\": \"pd\"", other_ip);

  return g_strjoin ("\n", line1, "this is not JSON", line3, line4,
                    "{\"username\": \"nomail\", \"password\": \"x\"}", "", line7, NULL);
}

static void
test_batch_bad_lines_retry_resume (void)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-provision.XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "accounts.jsonl", NULL);
  g_autofree char *done_path = g_strconcat (path, ".done", NULL);
  g_autofree char *password_path = g_build_filename (dir, "c.password", NULL);
  g_auto(GStrv) names = g_new0 (char *, 4);
  g_autofree char *contents = first_batch (names);
  g_autofree char *jid = g_strdup_printf ("%s@localhost", names[2]);
  g_autofree char *done = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) resumed = { 0 };
  g_autoptr(GPtrArray) again = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_true (g_file_set_contents (password_path, "from a file\n", -1, NULL));

  run_batch (&first, path, FALSE);
  check_first_batch (&first, jid);

  /* What is done is known by name only: no token, no password. */
  g_assert_true (g_file_get_contents (done_path, &done, NULL, NULL));
  g_assert_true (strstr (done, names[0]) && strstr (done, names[1]) && strstr (done, names[2]));
  g_assert_null (strstr (done, "pa"));
  g_assert_null (strstr (done, "-"));

  /* Only what failed is tried again. */
  run_batch (&resumed, path, TRUE);
  again = split_lines (resumed.out);
  g_assert_cmpint (resumed.status, ==, 28);
  g_assert_cmpuint (again->len, ==, 3);
  for (guint i = 0; i < again->len; i++)
    g_assert_null (token_of (again->pdata[i]));
  g_assert_nonnull (strstr (resumed.err, "3 skipped"));

  g_unlink (done_path);
  g_unlink (password_path);
  g_unlink (path);
  g_rmdir (dir);
}

#define BATCH_SIZE 100

/* Every account of a batch is a TLS connection of its own (see
 * signet-provision-client.c), and glib-networking reads the system's CA
 * bundle for each one: natively a few milliseconds, a second or two in
 * the AddressSanitizer pass, where 100 of them took longer than a test
 * may wait for signet-cli.  build-aux/sanitize runs a smaller batch
 * (PROVISION_BATCH_SIZE); the same code runs for each account. */
static guint
batch_size (void)
{
  const char *size = g_getenv ("PROVISION_BATCH_SIZE");

  return size != NULL ? (guint) g_ascii_strtoull (size, NULL, 10) : BATCH_SIZE;
}

static void
test_batch_many (void)
{
  g_autofree char *dir = g_dir_make_tmp ("signet-provision.XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "many.jsonl", NULL);
  g_autofree char *done_path = g_strconcat (path, ".done", NULL);
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_auto(Run) run = { 0 };
  g_autofree char *last = NULL;
  guint size = batch_size ();
  gint64 started;

  g_assert_cmpuint (size, >=, 10);

  for (guint i = 0; i < size; i++)
    {
      g_autofree char *username = new_username ();
      g_autofree char *ip = new_ip ();
      g_autofree char *line = batch_line (username, "\"password\": \"many\"", ip);

      g_string_append_printf (contents, "%s\n", line);
    }
  g_assert_true (g_file_set_contents (path, contents->str, -1, NULL));

  started = g_get_monotonic_time ();
  run_batch (&run, path, FALSE);
  g_test_message ("%u accounts in %.1f s", size, (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpint (run.status, ==, 0);
  results = split_lines (run.out);
  g_assert_cmpuint (results->len, ==, size);
  for (guint i = 0; i < results->len; i++)
    g_assert_nonnull (token_of (results->pdata[i]));
  /* The progress bar's last state. */
  last = g_strdup_printf ("%u/%u (100%%)", size, size);
  g_assert_nonnull (strstr (run.err, last));

  g_unlink (done_path);
  g_unlink (path);
  g_rmdir (dir);
}

/*
 * The answer parser, on what the servlet sends and on any bytes
 */

static void
test_parser (void)
{
  const char *page = "<html><head><title>Conflict</title><style>p{}</style></head><body><h1>409</h1>"
                     "<p class=\"extra\">User already exists &amp; more.</p></body></html>";
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *token = NULL;

  token = signet_provision_parse_answer (200, "0f8e-AB_1\r\n", 11, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "0f8e-AB_1");

  g_assert_null (signet_provision_parse_answer (409, page, strlen (page), &text, &error));
  g_assert_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_USER_EXISTS);
  g_assert_cmpstr (text, ==, "User already exists & more.");
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);

  /* A page where a token belongs, and a NUL inside a token. */
  g_assert_null (signet_provision_parse_answer (200, page, strlen (page), NULL, &error));
  g_assert_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_assert_null (signet_provision_parse_answer (200, "ab\0cd", 5, NULL, &error));
  g_assert_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  g_assert_null (signet_provision_parse_answer (502, "", 0, &text, &error));
  g_assert_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "502"));
  g_assert_null (text);
  g_clear_error (&error);

  g_assert_false (signet_provision_parse_verify_page (200, "<p>Something else</p>", 21, NULL, &error));
  g_assert_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_INVALID_RESPONSE);
}

static void
test_parser_any_bytes (void)
{
  const char *pieces[] = { "<", ">", "&", ";", "#", "x", "&#x110000;", "&#0;", "<style", "<title",
                           "class=\"extra\">", "</p>", "\xff", "\xc3", "\0", " ", "activated", "a" };

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      guint n = g_test_rand_int_range (0, 40);
      g_autofree char *text = NULL;
      g_autofree char *token = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) verify_error = NULL;

      for (guint i = 0; i < n; i++)
        {
          const char *piece = pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))];

          g_byte_array_append (bytes, (const guint8 *) piece, MAX (strlen (piece), 1));
        }

      token = signet_provision_parse_answer (g_test_rand_bit () ? 200 : 401, (const char *) bytes->data,
                                             bytes->len, &text, &error);
      g_assert_true ((token == NULL) != (error == NULL));
      g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
      if (!signet_provision_parse_verify_page (200, (const char *) bytes->data, bytes->len, NULL, &verify_error))
        g_assert_nonnull (verify_error);
    }
}

/* A server controls the page: a body of "&"s once took time quadratic in
 * its length (a megabyte, minutes), read where the reply arrives. */
static void
test_parser_long_page (void)
{
  const char fill[] = { '&', '<', '&' };

  for (guint i = 0; i < G_N_ELEMENTS (fill); i++)
    {
      gsize length = 4 * 1024 * 1024;
      g_autofree char *body = g_malloc (length + 1);
      gint64 start = g_get_monotonic_time ();
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      memset (body, fill[i], length);
      body[length - 1] = i == 1 ? '>' : ';';
      body[length] = '\0';
      g_assert_null (signet_provision_parse_answer (409, body, length, &text, &error));
      g_assert_error (error, SIGNET_PROVISION_ERROR, SIGNET_PROVISION_ERROR_USER_EXISTS);
      g_clear_pointer (&text, g_free);
      g_assert_false (signet_provision_parse_verify_page (200, body, length, &text, NULL));
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
    }
}

static gboolean
accept_test_certificate (SoupMessage         *message,
                         GTlsCertificate     *certificate,
                         GTlsCertificateFlags errors,
                         gpointer             user_data)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *sha256 = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);

  return g_str_equal (sha256, signet_test_xmpp_server_get_sha256 (server));
}

/* POSTs @body as it is, which signet-cli never would; returns the status
 * and the answer's body. */
static guint
signet_test_provision_post (const char *address,
                            const char *body,
                            char      **answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("POST", address);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (message, "application/encoded", request);
  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_test_certificate), NULL);
  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  *answer = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));

  return soup_message_get_status (message);
}

static void
test_servlet_raw_answers (void)
{
  struct { const char *body; guint status; int code; } cases[] = {
    { "!!! not Base64 !!!", 400, SIGNET_PROVISION_ERROR_BAD_REQUEST },
    /* Base64 of "not JSON": the servlet fails with 500, as the real one does. */
    { "bm90IEpTT04=", 500, SIGNET_PROVISION_ERROR_SERVER },
    /* Base64 of {"username":"x"}: fields missing. */
    { "eyJ1c2VybmFtZSI6IngifQ==", 400, SIGNET_PROVISION_ERROR_BAD_REQUEST },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *body = NULL;
      guint status = signet_test_provision_post (url, cases[i].body, &body);

      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_null (signet_provision_parse_answer (status, body, strlen (body), &text, &error));
      g_assert_error (error, SIGNET_PROVISION_ERROR, cases[i].code);
      g_assert_nonnull (text);
      g_test_message ("%u: %s (%s)", status, error->message, text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *plugins = NULL;
  g_autofree char *global = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  signet_test_secrets_add_func ("/provision/parser", test_parser);
  signet_test_secrets_add_func ("/provision/parser-any-bytes", test_parser_any_bytes);
  signet_test_secrets_add_func ("/provision/parser-long-page", test_parser_long_page);
  signet_test_secrets_add_func ("/provision/help-lists-exit-codes", test_help_lists_exit_codes);

  if (!signet_test_xmpp_server_available (SIGNET_TEST_XMPP_PROSODY))
    {
      g_test_skip ("Prosody is not installed; build-aux/setup installs it");
      return g_test_run ();
    }

  plugins = signet_test_xmpp_dup_plugin_paths ();
  /* The servlet's throttle window (per address) has to outlast the time
   * between two requests of a batch, which is a new TLS connection: a few
   * milliseconds natively, seconds in the sanitizer passes. */
  global = g_strdup_printf ("%s\n"
                            "https_ports = { @HTTP_PORT@ }\n"
                            "https_interfaces = { \"127.0.0.1\" }\n"
                            "http_default_host = \"localhost\"\n"
                            "reg_servlet_ttime = %u\n", plugins, 2 * signet_test_timeout_multiplier ());
  server = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, global, hosts);
  signet_test_xmpp_server_wait (server);
  url = g_strdup_printf ("https://localhost:%u/register_account/", signet_test_xmpp_server_get_http_port (server));

  signet_test_secrets_add_func ("/provision/servlet-raw-answers", test_servlet_raw_answers);
  signet_test_secrets_add_func ("/provision/register-verify-login", test_register_verify_login);
  signet_test_secrets_add_func ("/provision/pending-expires", test_pending_expires);
  signet_test_secrets_add_func ("/provision/statuses", test_statuses);
  signet_test_secrets_add_func ("/provision/throttled", test_throttled);
  signet_test_secrets_add_func ("/provision/auth-token-refused", test_auth_token_refused);
  signet_test_secrets_add_func ("/provision/token-file", test_token_file);
  signet_test_secrets_add_func ("/provision/plain-http-refused", test_plain_http_refused);
  signet_test_secrets_add_func ("/provision/unexpected-status-and-network", test_unexpected_status_and_network);
  signet_test_secrets_add_func ("/provision/untrusted-then-trusted", test_untrusted_then_trusted);
  signet_test_secrets_add_func ("/provision/batch-bad-lines-retry-resume", test_batch_bad_lines_retry_resume);
  signet_test_secrets_add_func ("/provision/batch-many", test_batch_many);

  status = g_test_run ();

  signet_test_xmpp_server_stop (server);
  g_free (url);

  return status;
}
