/* test-xep0077-api.c: `signet-cli xmpp info`, `xmpp serve` and the
 * corrected answers of issue 14, against a real Prosody 0.12 and ejabberd
 * 23.01.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "signet-cli-xmpp-serve-parse.h"
#include "signet-invite-uri.h"
#include "signet-signup-flow.h"
#include "signet-test-cli.h"
#include "signet-test-secrets.h"
#include "signet-test-xmpp-server.h"

static const SignetTestXmppHost prosody_hosts[] = {
  /* A data form, and the legacy fields beside it. */
  { "open.localhost", NULL },
  { "redirect.localhost",
    "modules_enabled = { @MODULES@ \"register_redirect\"; }\n"
    "registration_url = \"https://redirect.localhost/sign-up\"\n"
    "registration_whitelist = { }" },
  /* tests/support/prosody/mod_signet_test_forms.lua: forms inside errors. */
  { "forms.localhost", "modules_enabled = { @MODULES@ \"signet_test_forms\"; }" },
  /* tests/support/prosody/mod_signet_test_instructions.lua: instructions only. */
  { "instructions.localhost", "modules_enabled = { @MODULES@ \"signet_test_instructions\"; }" },
  { "no-url.localhost",
    "modules_enabled = { @MODULES@ \"signet_test_instructions\"; }\n"
    "signet_test_instructions = \"Ask the administrator in the office for an account.\"" },
  /* registration_invite_only defaults to true once invites_register loads;
   * tests/support/prosody/mod_signet_test_invite_tokens.lua hands out tokens. */
  { "invite.localhost",
    "modules_enabled = { @MODULES@ \"invites\"; \"invites_register\"; \"signet_test_invite_tokens\"; }\n"
    "signet_test_invites_file = \"@DIR@/invites.txt\"" },
  { NULL }
};

static const SignetTestXmppHost ejabberd_hosts[] = {
  /* Without a CAPTCHA ejabberd offers legacy fields only. */
  { "open.localhost",
    "modules:\n"
    "  mod_register:\n"
    "    ip_access: trusted_network" },
  { "captcha.localhost",
    "modules:\n"
    "  mod_register:\n"
    "    captcha_protected: true" },
  { NULL }
};

/* captcha.sh (signet-test-xmpp-server.h) writes each CAPTCHA's answer to
 * DIR/captcha-answer, which is how the tests read the picture. */
static const char *ejabberd_config =
  "registration_timeout: infinity\n"
  "captcha_cmd: \"@DIR@/captcha.sh\"\n"
  "captcha_url: \"http://127.0.0.1:@HTTP_PORT@/captcha\"";

static SignetTestXmppServer *prosody;
static SignetTestXmppServer *ejabberd;

/*
 * Running signet-cli
 */

typedef SignetTestCliRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, signet_test_cli_run_clear)

static GSubprocess *
spawn_cli (GPtrArray *args)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();

  g_ptr_array_add (args, NULL);
  return signet_test_cli_spawn (launcher, (const char * const *) args->pdata);
}

/* signet-cli ARGS… --host --trust (for @server) --json, with @input. */
static void
run_cli (Run                  *run,
         SignetTestXmppServer *server,
         const char           *input,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  const char *arg;
  va_list ap;

  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, (gpointer) "--host");
  g_ptr_array_add (args, (gpointer) signet_test_xmpp_server_get_host_and_port (server));
  g_ptr_array_add (args, (gpointer) "--trust");
  g_ptr_array_add (args, (gpointer) signet_test_xmpp_server_get_sha256 (server));
  g_ptr_array_add (args, (gpointer) "--json");

  process = spawn_cli (args);
  signet_test_cli_communicate (run, process, input);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

static JsonObject *
parse_object (const char *text)
{
  return signet_test_cli_parse_object (text);
}

static JsonObject *
member (JsonObject *object,
        const char *name)
{
  return signet_test_cli_member (object, name);
}

static JsonObject *
run_result (Run *run)
{
  g_autoptr(JsonObject) root = parse_object (run->out);

  g_assert_cmpint (run->status, ==, 0);
  return json_object_ref (member (root, "result"));
}

static JsonObject *
run_error (Run *run)
{
  g_autoptr(JsonObject) root = parse_object (run->out);

  g_assert_cmpint (run->status, !=, 0);
  return json_object_ref (member (root, "error"));
}

/* A new account on @domain of @server; returns its JID. */
static char *
new_account (SignetTestXmppServer *server,
             const char           *domain,
             const char           *prefix,
             const char           *password)
{
  g_autofree char *username = signet_test_xmpp_new_username (prefix);
  g_autoptr(SignetInbandRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (username, -1);

  registration = signet_test_xmpp_register (server, domain, username, password, &error);
  g_assert_no_error (error);
  return g_strdup_printf ("%s@%s", lower, domain);
}

static JsonObject *
form_field (JsonObject *form,
            const char *var)
{
  JsonArray *fields = json_object_get_array_member (form, "fields");

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      if (g_strcmp0 (json_object_get_string_member (field, "var"), var) == 0)
        return field;
    }

  g_assert_not_reached ();
}

/*
 * xmpp info
 */

static void
test_info_data_form (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) result = NULL;
  JsonObject *form;
  JsonObject *field;

  run_cli (&run, prosody, "", "xmpp", "info", "--server", "open.localhost", NULL);
  result = run_result (&run);

  g_assert_false (json_object_get_boolean_member (result, "registered"));
  g_assert_true (json_object_get_null_member (result, "oob"));
  g_assert_nonnull (json_object_get_string_member (result, "instructions"));
  /* Prosody sends its legacy fields beside the form. */
  g_assert_true (json_object_get_boolean_member (member (result, "fields"), "username"));
  form = member (result, "form");
  g_assert_cmpstr (json_object_get_string_member (form, "form-type"), ==, "jabber:iq:register");
  field = form_field (form, "password");
  g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "text-private");
  g_assert_true (json_object_get_boolean_member (field, "required"));
  g_assert_nonnull (json_object_get_string_member (field, "label"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (field, "options")));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (field, "media")));
}

static void
test_info_legacy (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) result = NULL;
  JsonObject *fields;

  run_cli (&run, ejabberd, "", "xmpp", "info", "--server", "open.localhost", NULL);
  result = run_result (&run);

  fields = member (result, "fields");
  g_assert_true (json_object_get_boolean_member (fields, "username"));
  g_assert_true (json_object_get_boolean_member (fields, "password"));
  g_assert_true (json_object_get_null_member (result, "form"));
  g_assert_true (json_object_get_null_member (result, "oob"));
  g_assert_false (json_object_get_boolean_member (result, "registered"));
  g_assert_nonnull (json_object_get_string_member (result, "instructions"));
}

static void
test_info_oob (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) result = NULL;
  JsonObject *oob;

  run_cli (&run, prosody, "", "xmpp", "info", "--server", "redirect.localhost", NULL);
  result = run_result (&run);

  oob = member (result, "oob");
  g_assert_cmpstr (json_object_get_string_member (oob, "url"), ==, "https://redirect.localhost/sign-up");
  g_assert_false (json_object_get_boolean_member (result, "registered"));
}

/* Logged in, the server says what it holds (never the password). */
static void
test_info_registered (void)
{
  g_autofree char *jid = new_account (prosody, "open.localhost", "info", "an info password");
  g_autofree char *localpart = g_strndup (jid, strcspn (jid, "@"));
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) result = NULL;
  JsonObject *fields;

  run_cli (&run, prosody, "an info password\n", "xmpp", "info", "--account", jid, NULL);
  result = run_result (&run);

  g_assert_true (json_object_get_boolean_member (result, "registered"));
  g_assert_cmpstr (json_object_get_string_member (result, "jid"), ==, jid);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "mechanism"), "SCRAM-SHA-"));
  fields = member (result, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "username"), ==, localpart);
  g_assert_null (strstr (run.out, "an info password"));
}

/*
 * Corrected answers
 */

/* Nothing in the keyring and nothing on standard input: a local error. */
static void
test_password_not_in_keyring (void)
{
  g_autofree char *jid = new_account (prosody, "open.localhost", "nokeyring", "a keyring password");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) error = NULL;

  run_cli (&run, prosody, "", "xmpp", "passwd", "--jid", jid, "--new-password", "another one", NULL);
  error = run_error (&run);
  g_assert_cmpint (run.status, ==, 17);
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "no-local-password");
}

/*
 * xmpp serve
 */

typedef struct
{
  GSubprocess      *process;
  GOutputStream    *in;
  GDataInputStream *out;
} Serve;

static void
serve_start (Serve *serve)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) "xmpp");
  g_ptr_array_add (args, (gpointer) "serve");
  serve->process = spawn_cli (args);
  serve->in = g_subprocess_get_stdin_pipe (serve->process);
  serve->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (serve->process));
}

/* Sends @line and returns the reply line, checking that it carries @id. */
static JsonObject *
serve_ask (Serve      *serve,
           const char *line,
           gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *with_newline = g_strconcat (line, "\n", NULL);
  g_autofree char *reply = NULL;
  JsonObject *object;

  g_output_stream_write_all (serve->in, with_newline, strlen (with_newline), NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_data_input_stream_read_line_utf8 (serve->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_test_message ("serve: %s", reply);
  object = parse_object (reply);
  if (id >= 0)
    g_assert_cmpint (json_object_get_int_member (object, "id"), ==, id);
  return object;
}

static JsonObject *
serve_ok (Serve      *serve,
          const char *line,
          gint64      id)
{
  g_autoptr(JsonObject) reply = serve_ask (serve, line, id);

  g_assert_true (json_object_get_null_member (reply, "error"));
  return json_object_ref (reply);
}

static char *
login_line (int         id,
            const char *jid,
            const char *password)
{
  g_autofree char *login = NULL;

  if (jid != NULL)
    login = g_strdup_printf (",\"jid\":\"%s\",\"password\":\"%s\"", jid, password);

  return g_strdup_printf ("{\"event\":\"xmpp.login\",\"id\":%d,\"data\":{\"server\":\"open.localhost\","
                          "\"host\":\"%s\",\"trust\":\"%s\"%s}}", id,
                          signet_test_xmpp_server_get_host_and_port (prosody),
                          signet_test_xmpp_server_get_sha256 (prosody), login != NULL ? login : "");
}

/* Bad lines get an error line each, and the session goes on. */
static void
serve_bad_lines (Serve *serve)
{
  g_autoptr(JsonObject) bad = serve_ask (serve, "{\"event\": nope", -1);
  g_autoptr(JsonObject) unknown = serve_ask (serve, "{\"event\":\"xmpp.chat\",\"id\":99}", 99);
  g_autoptr(JsonObject) early = serve_ask (serve, "{\"event\":\"xmpp.register.get\",\"id\":98}", 98);

  g_assert_cmpstr (json_object_get_string_member (member (bad, "error"), "condition"), ==, "bad-request");
  g_assert_true (json_object_get_null_member (bad, "id"));
  g_assert_cmpstr (json_object_get_string_member (member (unknown, "error"), "condition"), ==, "bad-request");
  g_assert_cmpstr (json_object_get_string_member (member (early, "error"), "condition"), ==, "not-connected");
}

/* The line parser takes any bytes: a request, or an error that says why. */
static void
test_serve_parse (void)
{
  static const struct { const char *line; int code; } cases[] = {
    { "{\"event\":\"xmpp.register.get\",\"id\":7,\"data\":{\"to\":\"x\"}}", -1 },
    { "{\"event\":\"xmpp.login\",\"id\":\"a\"}", -1 },
    { "", SIGNET_CLI_SERVE_ERROR_BAD_JSON },
    { "[1,2]", SIGNET_CLI_SERVE_ERROR_BAD_JSON },
    { "{\"id\":3}", SIGNET_CLI_SERVE_ERROR_BAD_REQUEST },
    { "{\"event\":5,\"id\":3}", SIGNET_CLI_SERVE_ERROR_BAD_REQUEST },
    { "{\"event\":\"xmpp.login\",\"id\":3,\"data\":[]}", SIGNET_CLI_SERVE_ERROR_BAD_REQUEST },
    { "{\"event\":\"xmpp.chat\",\"id\":3}", SIGNET_CLI_SERVE_ERROR_UNKNOWN_EVENT },
    { "{\"event\":\"xmpp.login\"\xff}", SIGNET_CLI_SERVE_ERROR_BAD_JSON },
    /* json-glib reads lone surrogates into bytes that are not UTF-8, and
     * quotes them in its own message (found by fuzzing). */
    { "{\"event\":\"xmpp.register.get\",\"id\":\"\\udc00x\"}", SIGNET_CLI_SERVE_ERROR_BAD_JSON },
    { "{\"event\":\"xmpp.nope\\ud800\",\"id\":\"\\udc00x\",}", SIGNET_CLI_SERVE_ERROR_BAD_JSON },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (77);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SignetCliServeRequest) request = NULL;
      g_autoptr(JsonNode) id = NULL;
      g_autoptr(GError) error = NULL;

      request = signet_cli_serve_parse_line (cases[i].line, -1, &id, &error);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (request->data);
          g_assert_nonnull (request->id);
        }
      else
        {
          g_assert_error (error, SIGNET_CLI_SERVE_ERROR, cases[i].code);
          g_assert_null (request);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }

  /* Random bytes, a NUL inside included: never a crash. */
  for (guint i = 0; i < 2000; i++)
    {
      guint8 bytes[64];
      gsize length = g_rand_int_range (rand, 0, sizeof bytes);
      g_autoptr(SignetCliServeRequest) request = NULL;
      g_autoptr(JsonNode) id = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize j = 0; j < length; j++)
        bytes[j] = (guint8) g_rand_int_range (rand, 0, 256);
      if (length > 2)
        {
          bytes[0] = '{';
          bytes[length - 1] = '}';
        }
      request = signet_cli_serve_parse_line ((const char *) bytes, length, &id, &error);
      g_assert_true ((request == NULL) != (error == NULL));
    }
}

/* get → set → password → unregister over one process. */
static void
test_serve_session (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("serve");
  g_autofree char *lower = g_ascii_strdown (username, -1);
  g_autofree char *jid = g_strdup_printf ("%s@open.localhost", lower);
  g_autofree char *anonymous = login_line (1, NULL, NULL);
  g_autofree char *set = NULL;
  g_autofree char *login = login_line (4, jid, "serve password one");
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;
  Serve serve = { 0 };
  JsonObject *data;

  serve_start (&serve);
  serve_bad_lines (&serve);

  g_clear_pointer (&reply, json_object_unref);
  reply = serve_ok (&serve, anonymous, 1);
  g_assert_true (json_object_get_null_member (member (reply, "data"), "jid"));

  g_clear_pointer (&reply, json_object_unref);
  reply = serve_ok (&serve, "{\"event\":\"xmpp.register.get\",\"id\":2,\"data\":{\"to\":\"open.localhost\"}}", 2);
  data = member (reply, "data");
  g_assert_false (json_object_get_boolean_member (data, "registered"));
  g_assert_true (json_object_get_boolean_member (member (data, "fields"), "password"));
  g_assert_nonnull (member (data, "form"));

  /* Not a form answer, and not logged in: error lines, the session goes on. */
  g_clear_pointer (&reply, json_object_unref);
  reply = serve_ask (&serve, "{\"event\":\"xmpp.register.set\",\"id\":20,\"data\":{\"form\":[1,{\"var\":5}]}}", 20);
  g_assert_cmpstr (json_object_get_string_member (member (reply, "error"), "condition"), ==, "bad-request");
  g_clear_pointer (&reply, json_object_unref);
  reply = serve_ask (&serve, "{\"event\":\"xmpp.register.password\",\"id\":21,\"data\":{\"password\":\"x\"}}", 21);
  g_assert_cmpstr (json_object_get_string_member (member (reply, "error"), "condition"), ==, "not-authorized");

  set = g_strdup_printf ("{\"event\":\"xmpp.register.set\",\"id\":3,\"data\":{\"form\":["
                         "{\"var\":\"username\",\"value\":\"%s\"},"
                         "{\"var\":\"password\",\"value\":\"serve password one\"}]}}", username);
  g_clear_pointer (&reply, json_object_unref);
  reply = serve_ok (&serve, set, 3);
  g_assert_true (json_object_get_boolean_member (member (reply, "data"), "registered"));

  /* A second login replaces the anonymous stream. */
  g_clear_pointer (&reply, json_object_unref);
  reply = serve_ok (&serve, login, 4);
  g_assert_cmpstr (json_object_get_string_member (member (reply, "data"), "jid"), ==, jid);

  g_clear_pointer (&reply, json_object_unref);
  reply = serve_ok (&serve, "{\"event\":\"xmpp.register.password\",\"id\":5,"
                    "\"data\":{\"password\":\"serve password two\"}}", 5);
  g_assert_true (json_object_get_boolean_member (member (reply, "data"), "registered"));
  g_assert_true (signet_test_xmpp_login (prosody, jid, "serve password two", NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&reply, json_object_unref);
  reply = serve_ok (&serve, "{\"event\":\"xmpp.register.unregister\",\"id\":6,\"data\":{}}", 6);
  g_assert_true (json_object_get_boolean_member (reply, "data"));
  g_assert_false (signet_test_xmpp_login (prosody, jid, "serve password two", NULL, &error));
  g_clear_error (&error);

  /* Closing standard input ends the process, successfully. */
  g_output_stream_close (serve.in, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (serve.process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&serve.out);
  g_clear_object (&serve.process);
}

/* A changepassword form with a wrong old password in it. */
static void
test_old_password_wrong (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("oldpw");
  g_autofree char *user_field = g_strdup_printf ("username=%s", username);
  g_auto(Run) reg = { 0 };
  g_auto(Run) passwd = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(GError) login_error = NULL;
  const char *jid;

  run_cli (&reg, prosody, "", "xmpp", "register", "--server", "forms.localhost", "--field", user_field,
           "--field", "password=the old one", "--field", "nickname=Old", NULL);
  result = run_result (&reg);
  jid = json_object_get_string_member (result, "jid");
  /* libstrophe 0.12 has no SCRAM-*-PLUS (channel binding): SCRAM it is. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "mechanism"), "SCRAM-SHA-"));

  run_cli (&passwd, prosody, "", "xmpp", "passwd", "--jid", jid, "--new-password", "the new one",
           "--field", "old_password=not the old one", NULL);
  error = run_error (&passwd);
  g_assert_cmpint (passwd.status, ==, 12);
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "not-authorized");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "old password is wrong"));
  g_assert_true (signet_test_xmpp_login (prosody, jid, "the old one", NULL, &login_error));
  g_assert_no_error (login_error);
}

/* A misspelt --field is named, not dropped. */
static void
test_unknown_field (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("typo");
  g_autofree char *user_field = g_strdup_printf ("username=%s", username);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) error = NULL;

  run_cli (&run, prosody, "", "xmpp", "register", "--server", "open.localhost", "--field", user_field,
           "--field", "pasword=a typo", NULL);
  error = run_error (&run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "usage");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "“pasword”"));
}

/* Only instructions: they and the address in them are the answer. */
static void
test_instructions_only (void)
{
  g_auto(Run) info = { 0 };
  g_auto(Run) reg = { 0 };
  g_auto(Run) no_url = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) refused = NULL;

  run_cli (&info, prosody, "", "xmpp", "info", "--server", "instructions.localhost", NULL);
  result = run_result (&info);
  g_assert_cmpstr (json_object_get_string_member (result, "instructions"), ==,
                   "Sign up at https://instructions.localhost/join.");
  g_assert_cmpstr (json_object_get_string_member (member (result, "oob"), "url"), ==,
                   "https://instructions.localhost/join");

  run_cli (&reg, prosody, "", "xmpp", "register", "--server", "instructions.localhost", NULL);
  error = run_error (&reg);
  g_assert_cmpint (reg.status, ==, 9);
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "web-only");
  g_assert_cmpstr (json_object_get_string_member (error, "url"), ==, "https://instructions.localhost/join");
  g_assert_cmpstr (json_object_get_string_member (error, "text"), ==,
                   "Sign up at https://instructions.localhost/join.");

  run_cli (&no_url, prosody, "", "xmpp", "register", "--server", "no-url.localhost", NULL);
  refused = run_error (&no_url);
  g_assert_cmpint (no_url.status, ==, 9);
  g_assert_cmpstr (json_object_get_string_member (refused, "condition"), ==, "registration-not-offered");
  g_assert_nonnull (strstr (json_object_get_string_member (refused, "message"), "Ask the administrator"));
}

/*
 * Invitations
 */

static void
test_invite_uri (void)
{
  g_autofree char *domain = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad[] = {
    "example.org", "xmpp:example.org", "xmpp:example.org?message;preauth=x",
    "xmpp:example.org?register", "xmpp:example.org?register;preauth=", "xmpp:?register;preauth=x",
    "xmpp:exa mple.org?register;preauth=x", "",
  };

  g_assert_true (signet_invite_uri_parse (" xmpp:example.org?register;preauth=a%2Bb ", &domain, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (domain, ==, "example.org");
  g_assert_cmpstr (token, ==, "a+b");
  g_clear_pointer (&domain, g_free);
  g_clear_pointer (&token, g_free);

  /* A contact's invitation that allows signing up on the contact's server. */
  g_assert_true (signet_invite_uri_parse ("xmpp:ada@example.org?roster;preauth=T0K;ibr=y", &domain, &token, &error));
  g_assert_cmpstr (domain, ==, "example.org");
  g_assert_cmpstr (token, ==, "T0K");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *no_domain = NULL;
      g_autofree char *no_token = NULL;

      g_assert_false (signet_invite_uri_parse (bad[i], &no_domain, &no_token, &error));
      g_assert_error (error, SIGNET_INVITE_URI_ERROR, SIGNET_INVITE_URI_ERROR_INVALID);
      g_assert_null (no_domain);
      g_assert_null (no_token);
      g_clear_error (&error);
    }
}

/* The next unused invitation link the server made. */
static char *
next_invite (void)
{
  static guint used;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 100 && text == NULL; i++)
    {
      text = signet_test_xmpp_server_read_file (prosody, "invites.txt");
      if (text == NULL)
        g_usleep (100 * 1000);
    }
  g_assert_nonnull (text);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (used, <, g_strv_length (lines) - 1);
  return g_strdup (lines[used++]);
}

static void
register_invited (Run        *run,
                  const char *server,
                  const char *invite,
                  const char *username)
{
  g_autofree char *user_field = g_strdup_printf ("username=%s", username);

  if (server != NULL && invite != NULL)
    run_cli (run, prosody, "", "xmpp", "register", "--server", server, "--invite", invite, "--field", user_field,
             "--field", "password=invited password", NULL);
  else if (server != NULL)
    run_cli (run, prosody, "", "xmpp", "register", "--server", server, "--field", user_field,
             "--field", "password=invited password", NULL);
  else
    run_cli (run, prosody, "", "xmpp", "register", "--invite", invite, "--field", user_field,
             "--field", "password=invited password", NULL);
}

static void
test_invite_required (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("uninvited");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) error = NULL;

  register_invited (&run, "invite.localhost", NULL, username);
  error = run_error (&run);
  g_assert_cmpint (run.status, ==, 9);
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "invitation"));
}

static void
test_invite_refused (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("badinvite");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) error = NULL;

  register_invited (&run, "invite.localhost", "not-a-token", username);
  error = run_error (&run);
  g_assert_cmpint (run.status, ==, 11);
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "forbidden");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "refused the invitation"));
}

/* A link names the server; a bare token goes with --server.  Each is
 * spent once used. */
static void
test_invite_accepted (void)
{
  g_autofree char *link = next_invite ();
  g_autofree char *second = next_invite ();
  const char *bare = strstr (second, "preauth=") + strlen ("preauth=");
  g_autofree char *first_user = signet_test_xmpp_new_username ("invited");
  g_autofree char *second_user = signet_test_xmpp_new_username ("invited");
  g_autofree char *again_user = signet_test_xmpp_new_username ("invited");
  g_auto(Run) first = { 0 };
  g_auto(Run) other = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) other_result = NULL;
  g_autoptr(JsonObject) error = NULL;

  register_invited (&first, NULL, link, first_user);
  result = run_result (&first);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (result, "jid"), "@invite.localhost"));

  register_invited (&other, "invite.localhost", bare, second_user);
  other_result = run_result (&other);

  register_invited (&again, NULL, link, again_user);
  error = run_error (&again);
  g_assert_cmpint (again.status, ==, 11);
}

/* The wizard's machine: a link pasted on the server page gives the token. */
static void
test_invite_flow (void)
{
  g_autofree char *link = next_invite ();
  g_autofree char *domain = NULL;
  g_autofree char *token = NULL;
  g_autofree char *username = signet_test_xmpp_new_username ("wizard");
  g_autoptr(SignetSignupFlow) flow = signet_signup_flow_new ();
  g_autoptr(GError) error = NULL;
  SignetDataForm *form;

  g_assert_true (signet_invite_uri_parse (link, &domain, &token, &error));
  signet_signup_flow_set_server (flow, domain, signet_test_xmpp_server_get_host_and_port (prosody), FALSE,
                                 signet_test_xmpp_server_get_sha256 (prosody));
  signet_signup_flow_set_invite_token (flow, token);
  signet_signup_flow_connect (flow);
  signet_signup_flow_wait (flow);
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_FORM);

  form = signet_signup_flow_get_form (flow);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), "a wizard password");
  signet_signup_flow_submit_form (flow);
  signet_signup_flow_wait (flow);
  g_assert_no_error ((GError *) signet_signup_flow_get_error (flow));
  g_assert_cmpint (signet_signup_flow_get_step (flow), ==, SIGNET_SIGNUP_STEP_DONE);
}

/*
 * CAPTCHA in two steps
 */

static void
run_captcha (Run        *run,
             const char *username,
             const char *answer,
             const char *challenge_id)
{
  g_autofree char *user_field = g_strdup_printf ("username=%s", username);
  g_autofree char *ocr_field = answer != NULL ? g_strdup_printf ("ocr=%s", answer) : NULL;

  if (answer == NULL)
    run_cli (run, ejabberd, "", "xmpp", "register", "--server", "captcha.localhost", "--field", user_field,
             "--field", "password=a two-step password", NULL);
  else
    run_cli (run, ejabberd, "", "xmpp", "register", "--server", "captcha.localhost", "--field", user_field,
             "--field", "password=a two-step password", "--field", ocr_field, "--captcha-id", challenge_id,
             NULL);
}

/* The picture is a private file, and the challenge is answered by a second
 * run on a new connection. */
static void
test_captcha_two_steps (void)
{
  g_autofree char *username = signet_test_xmpp_new_username ("twostep");
  g_autofree char *lower = g_ascii_strdown (username, -1);
  g_autoptr(GBytes) png = signet_test_xmpp_server_get_captcha_png ();
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree char *picture = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *image_file = NULL;
  g_autofree char *challenge_id = NULL;
  JsonObject *captcha;
  GStatBuf info;
  gsize length = 0;

  run_captcha (&first, username, NULL, NULL);
  error = run_error (&first);
  g_assert_cmpint (first.status, ==, 18);
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "captcha-required");
  captcha = member (error, "captcha");
  image_file = g_strdup (json_object_get_string_member (captcha, "image_file"));
  challenge_id = g_strdup (json_object_get_string_member (captcha, "challenge_id"));
  g_assert_nonnull (challenge_id);
  g_assert_cmpstr (json_object_get_string_member (captcha, "image_type"), ==, "image/png");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (captcha, "url"), "http://127.0.0.1:"));

  /* Never readable by anyone else. */
  g_assert_cmpint (g_stat (image_file, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  dir = g_path_get_dirname (image_file);
  g_assert_cmpint (g_stat (dir, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0077, ==, 0);
  g_file_get_contents (image_file, &picture, &length, &read_error);
  g_assert_no_error (read_error);
  g_assert_cmpmem (picture, length, g_bytes_get_data (png, NULL), g_bytes_get_size (png));

  answer = signet_test_xmpp_server_read_file (ejabberd, "captcha-answer");
  g_assert_nonnull (answer);
  run_captcha (&second, username, answer, challenge_id);
  result = run_result (&second);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "jid"), lower));
  /* Answered: the picture is gone. */
  g_assert_false (g_file_test (image_file, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *plugins = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Every test is audited for secrets; logs of this process too. */
  signet_test_secrets_log_install ();

  if (!signet_test_xmpp_server_available (SIGNET_TEST_XMPP_PROSODY) ||
      !signet_test_xmpp_server_available (SIGNET_TEST_XMPP_EJABBERD))
    {
      g_test_skip ("Prosody or ejabberd is not installed; build-aux/setup installs them");
      return g_test_run ();
    }

  plugins = signet_test_xmpp_dup_plugin_paths ();
  prosody = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_PROSODY, plugins, prosody_hosts);
  ejabberd = signet_test_xmpp_server_start (SIGNET_TEST_XMPP_EJABBERD, ejabberd_config, ejabberd_hosts);
  signet_test_xmpp_server_wait (prosody);
  signet_test_xmpp_server_wait (ejabberd);

  signet_test_secrets_add_func ("/xep0077/api/info/data-form", test_info_data_form);
  signet_test_secrets_add_func ("/xep0077/api/info/legacy", test_info_legacy);
  signet_test_secrets_add_func ("/xep0077/api/info/oob", test_info_oob);
  signet_test_secrets_add_func ("/xep0077/api/info/registered", test_info_registered);
  signet_test_secrets_add_func ("/xep0077/api/password-not-in-keyring", test_password_not_in_keyring);
  signet_test_secrets_add_func ("/xep0077/api/serve/parse", test_serve_parse);
  signet_test_secrets_add_func ("/xep0077/api/serve/session", test_serve_session);
  signet_test_secrets_add_func ("/xep0077/api/old-password-wrong", test_old_password_wrong);
  signet_test_secrets_add_func ("/xep0077/api/unknown-field", test_unknown_field);
  signet_test_secrets_add_func ("/xep0077/api/instructions-only", test_instructions_only);
  signet_test_secrets_add_func ("/xep0077/api/invite/uri", test_invite_uri);
  signet_test_secrets_add_func ("/xep0077/api/invite/required", test_invite_required);
  signet_test_secrets_add_func ("/xep0077/api/invite/refused", test_invite_refused);
  signet_test_secrets_add_func ("/xep0077/api/invite/accepted", test_invite_accepted);
  signet_test_secrets_add_func ("/xep0077/api/invite/flow", test_invite_flow);
  signet_test_secrets_add_func ("/xep0077/api/captcha/two-steps", test_captcha_two_steps);

  status = g_test_run ();

  signet_test_xmpp_server_stop (ejabberd);
  signet_test_xmpp_server_stop (prosody);

  return status;
}
