/* signet-test-xmpp-server.c: real Prosody and ejabberd servers for tests.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "signet-account-store.h"
#include "signet-test-async.h"
#include "signet-test-cli.h"
#include "signet-test-secrets.h"
#include "signet-test-xmpp-server.h"

#define START_TIMEOUT_SECONDS 60
#define STOP_TIMEOUT_SECONDS 10
#define CALL_TIMEOUT_SECONDS SIGNET_TEST_ASYNC_TIMEOUT_SECONDS

struct _SignetTestXmppServer
{
  SignetTestXmppKind kind;
  char               *dir;
  char               *log_path;
  guint16 port;
  guint16 http_port;
  char               *host_and_port;
  char               *sha256;
  GSubprocess        *process;
  gboolean exited;
};

/* A 1×1 grey PNG: ejabberd only checks that its CAPTCHA command prints an image. */
static const guint8 captcha_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
  0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00,
  0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
};

GBytes *
signet_test_xmpp_server_get_captcha_png (void)
{
  return g_bytes_new_static (captcha_png, sizeof captcha_png);
}

/*
 * Finding the programs
 */

/* Debian installs ejabberd's Erlang applications under /usr/lib/<triplet>/. */
static char *
find_ejabberd_libs (void)
{
  g_autoptr(GDir) lib = g_dir_open ("/usr/lib", 0, NULL);
  const char *triplet;

  while (lib != NULL && (triplet = g_dir_read_name (lib)) != NULL)
    {
      g_autofree char *parent = g_build_filename ("/usr/lib", triplet, NULL);
      g_autoptr(GDir) apps = g_dir_open (parent, 0, NULL);
      const char *app;

      while (apps != NULL && (app = g_dir_read_name (apps)) != NULL)
        {
          g_autofree char *marker = g_build_filename (parent, app, "ebin", "ejabberd.app", NULL);

          if (g_str_has_prefix (app, "ejabberd-") && g_file_test (marker, G_FILE_TEST_EXISTS))
            return g_steal_pointer (&parent);
        }
    }

  return NULL;
}

gboolean
signet_test_xmpp_server_available (SignetTestXmppKind kind)
{
  g_autofree char *program = NULL;
  g_autofree char *libs = NULL;

  if (kind == SIGNET_TEST_XMPP_PROSODY)
    {
      program = g_find_program_in_path ("prosody");
      return program != NULL;
    }

  program = g_find_program_in_path ("erl");
  libs = find_ejabberd_libs ();
  return program != NULL && libs != NULL;
}

/*
 * Preparing the directory
 */

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  /* Closed again at once: the server binds it a moment later. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
run_or_fail (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
}

static char *
pem_sha256 (const char *pem)
{
  const char *begin = strstr (pem, "-----BEGIN CERTIFICATE-----");
  const char *end = begin != NULL ? strstr (begin, "-----END CERTIFICATE-----") : NULL;
  g_autofree char *base64 = NULL;
  g_autofree guchar *der = NULL;
  gsize length = 0;

  g_assert_nonnull (end);
  begin += strlen ("-----BEGIN CERTIFICATE-----");
  base64 = g_strndup (begin, end - begin);
  der = g_base64_decode (base64, &length);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der, length);
}

/* A self-signed EC certificate naming every host (EC keys are quick to make). */
static void
make_certificate (SignetTestXmppServer     *self,
                  const SignetTestXmppHost *hosts)
{
  g_autofree char *key = g_build_filename (self->dir, "server.key", NULL);
  g_autofree char *crt = g_build_filename (self->dir, "server.crt", NULL);
  g_autofree char *pem = g_build_filename (self->dir, "server.pem", NULL);
  g_autoptr(GString) san = g_string_new ("subjectAltName=DNS:localhost");
  g_autofree char *key_text = NULL;
  g_autofree char *crt_text = NULL;
  g_autofree char *both = NULL;
  GError *error = NULL;

  for (guint i = 0; hosts[i].domain != NULL; i++)
    g_string_append_printf (san, ",DNS:%s", hosts[i].domain);

  {
    const char *argv[] = {
      "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-days", "30", "-subj", "/CN=localhost", "-addext", san->str,
      "-keyout", key, "-out", crt, NULL
    };

    run_or_fail (argv);
  }

  g_file_get_contents (key, &key_text, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (crt, &crt_text, NULL, &error);
  g_assert_no_error (error);

  /* ejabberd wants key and certificate in one file. */
  both = g_strconcat (key_text, crt_text, NULL);
  g_file_set_contents_full (pem, both, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);

  self->sha256 = pem_sha256 (crt_text);
}

static char *
expand (SignetTestXmppServer *self,
        const char           *text)
{
  g_autoptr(GString) out = g_string_new (text != NULL ? text : "");
  g_autofree char *port = g_strdup_printf ("%u", self->port);
  g_autofree char *http_port = g_strdup_printf ("%u", self->http_port);

  g_string_replace (out, "@DIR@", self->dir, 0);
  g_string_replace (out, "@PORT@", port, 0);
  g_string_replace (out, "@HTTP_PORT@", http_port, 0);
  g_string_replace (out, "@MODULES@", SIGNET_TEST_PROSODY_MODULES, 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
indent (const char *text,
        const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_string_append_printf (out, "%s%s\n", prefix, lines[i]);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
prosody_config (SignetTestXmppServer     *self,
                const char               *global_config,
                const SignetTestXmppHost *hosts)
{
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *global = expand (self, global_config);

  /* Global options must come before the first VirtualHost. */
  g_string_append_printf (config,
                          "-- Written by the Signet tests; removed with the server.\n"
                          "local base = \"%s\"\n"
                          "run_as_root = true -- CI runs as root; mod_posix refuses otherwise\n"
                          "pidfile = base .. \"/prosody.pid\"\n"
                          "data_path = base .. \"/data\"\n"
                          "log = { { levels = { min = \"info\" }, to = \"file\", filename = base .. \"/prosody.log\" } }\n"
                          "interfaces = { \"127.0.0.1\" }\n"
                          "c2s_ports = { %u }\n"
                          "c2s_direct_tls_ports = { }\n"
                          "legacy_ssl_ports = { }\n"
                          "s2s_ports = { }\n"
                          "http_ports = { }\n"
                          "https_ports = { }\n"
                          "modules_enabled = { %s }\n"
                          "modules_disabled = { \"s2s\"; \"offline\"; }\n"
                          "authentication = \"internal_hashed\"\n"
                          "storage = \"internal\"\n"
                          "allow_registration = true\n"
                          "c2s_require_encryption = true\n"
                          "ssl = { certificate = base .. \"/server.crt\"; key = base .. \"/server.key\"; }\n"
                          "%s\n",
                          self->dir, self->port, SIGNET_TEST_PROSODY_MODULES, global);

  for (guint i = 0; hosts[i].domain != NULL; i++)
    {
      g_autofree char *host = expand (self, hosts[i].config);
      g_autofree char *indented = indent (host, "  ");

      g_string_append_printf (config, "VirtualHost \"%s\"\n%s", hosts[i].domain, indented);
    }

  return g_string_free (g_steal_pointer (&config), FALSE);
}

static char *
ejabberd_config (SignetTestXmppServer     *self,
                 const char               *global_config,
                 const SignetTestXmppHost *hosts)
{
  g_autoptr(GString) config = g_string_new ("# Written by the Signet tests; removed with the server.\nhosts:\n");
  g_autofree char *global = expand (self, global_config);

  for (guint i = 0; hosts[i].domain != NULL; i++)
    g_string_append_printf (config, "  - \"%s\"\n", hosts[i].domain);

  g_string_append_printf (config,
                          "loglevel: info\n"
                          "log_rotate_count: 0\n"
                          "certfiles:\n"
                          "  - \"%s/server.pem\"\n"
                          "listen:\n"
                          "  -\n"
                          "    port: %u\n"
                          "    ip: \"127.0.0.1\"\n"
                          "    module: ejabberd_c2s\n"
                          "    starttls_required: true\n"
                          "  -\n"
                          "    port: %u\n"
                          "    ip: \"127.0.0.1\"\n"
                          "    module: ejabberd_http\n"
                          "    request_handlers:\n"
                          "      /captcha: ejabberd_captcha\n"
                          "acl:\n"
                          "  loopback:\n"
                          "    ip:\n"
                          "      - 127.0.0.0/8\n"
                          "      - ::1/128\n"
                          "access_rules:\n"
                          "  trusted_network:\n"
                          "    allow: loopback\n"
                          "  nobody:\n"
                          "    deny: all\n"
                          "auth_method: internal\n"
                          "modules:\n"
                          "  mod_disco: {}\n"
                          "  mod_ping: {}\n"
                          "  mod_roster: {}\n"
                          "%s\n"
                          "host_config:\n",
                          self->dir, self->port, self->http_port, global);

  for (guint i = 0; hosts[i].domain != NULL; i++)
    {
      g_autofree char *host = expand (self, hosts[i].config != NULL ? hosts[i].config : "modules: {}");
      g_autofree char *indented = indent (host, "    ");

      g_string_append_printf (config, "  \"%s\":\n%s", hosts[i].domain, indented);
    }

  return g_string_free (g_steal_pointer (&config), FALSE);
}

static void
write_file (SignetTestXmppServer *self,
            const char           *name,
            const char           *contents,
            gsize                 length,
            int                   mode)
{
  g_autofree char *path = g_build_filename (self->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, mode, &error);
  g_assert_no_error (error);
}

static void
write_captcha_command (SignetTestXmppServer *self)
{
  g_autofree char *script = NULL;

  write_file (self, "captcha.png", (const char *) captcha_png, sizeof captcha_png, 0644);

  /* ejabberd passes the text the picture should show; the tests read it
   * back, which is how a person would read the picture. */
  script = expand (self,
                   "#!/bin/sh\n"
                   "printf %s \"$1\" > \"@DIR@/captcha-answer.tmp\"\n"
                   "mv \"@DIR@/captcha-answer.tmp\" \"@DIR@/captcha-answer\"\n"
                   "exec cat \"@DIR@/captcha.png\"\n");
  write_file (self, "captcha.sh", script, -1, 0755);
}

/*
 * Running
 */

static void
child_setup (gpointer data)
{
  /* Never outlive a test that crashed. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SignetTestXmppServer *self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  self->exited = TRUE;
}

static GSubprocess *
spawn_prosody (SignetTestXmppServer *self,
               GSubprocessLauncher  *launcher)
{
  g_autofree char *config = g_build_filename (self->dir, "prosody.cfg.lua", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_launcher_spawn (launcher, &error, "prosody", "--config", config, "-F", NULL);
  g_assert_no_error (error);

  return process;
}

static GSubprocess *
spawn_ejabberd (SignetTestXmppServer *self,
                GSubprocessLauncher  *launcher)
{
  g_autofree char *libs = find_ejabberd_libs ();
  g_autofree char *config = g_build_filename (self->dir, "ejabberd.yml", NULL);
  g_autofree char *log = g_build_filename (self->dir, "ejabberd.log", NULL);
  g_autofree char *spool = g_strdup_printf ("\"%s/spool\"", self->dir);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "ERL_LIBS", libs, TRUE);
  g_subprocess_launcher_setenv (launcher, "EJABBERD_CONFIG_PATH", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "EJABBERD_LOG_PATH", log, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", self->dir, TRUE);

  process = g_subprocess_launcher_spawn (launcher, &error,
                                         "erl", "-noinput", "-noshell", "+K", "true",
                                         "-mnesia", "dir", spool,
                                         "-s", "ejabberd", NULL);
  g_assert_no_error (error);

  return process;
}

char *
signet_test_xmpp_dup_plugin_paths (void)
{
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_DIST), "support", "prosody", NULL);

  return g_strdup_printf ("plugin_paths = { \"%s\" }", dir);
}

SignetTestXmppServer *
signet_test_xmpp_server_start (SignetTestXmppKind        kind,
                               const char               *global_config,
                               const SignetTestXmppHost *hosts)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *config = NULL;
  g_autofree char *stdout_path = NULL;
  SignetTestXmppServer *self;
  GError *error = NULL;

  g_assert_true (signet_test_xmpp_server_available (kind));

  self = g_new0 (SignetTestXmppServer, 1);
  self->kind = kind;
  self->dir = g_dir_make_tmp (kind == SIGNET_TEST_XMPP_PROSODY ? "signet-prosody.XXXXXX"
                                                                : "signet-ejabberd.XXXXXX", &error);
  g_assert_no_error (error);
  self->port = free_port ();
  do
    self->http_port = free_port ();
  while (self->http_port == self->port);
  self->host_and_port = g_strdup_printf ("127.0.0.1:%u", self->port);

  make_certificate (self, hosts);

  if (kind == SIGNET_TEST_XMPP_PROSODY)
    {
      config = prosody_config (self, global_config, hosts);
      write_file (self, "prosody.cfg.lua", config, -1, 0600);
      self->log_path = g_build_filename (self->dir, "prosody.log", NULL);
    }
  else
    {
      config = ejabberd_config (self, global_config, hosts);
      write_file (self, "ejabberd.yml", config, -1, 0600);
      write_captcha_command (self);
      self->log_path = g_build_filename (self->dir, "ejabberd.log", NULL);
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, self->dir);
  stdout_path = g_build_filename (self->dir, "stdout.log", NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  if (kind == SIGNET_TEST_XMPP_PROSODY)
    self->process = spawn_prosody (self, launcher);
  else
    self->process = spawn_ejabberd (self, launcher);

  g_subprocess_wait_async (self->process, NULL, on_exited, self);

  return self;
}

static gboolean
port_answers (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

char *
signet_test_xmpp_server_get_log_tail (SignetTestXmppServer *self)
{
  g_autoptr(GString) tail = g_string_new (NULL);
  const char *names[] = { self->log_path, "stdout.log" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_path_is_absolute (names[i]) ? g_strdup (names[i])
                                                            : g_build_filename (self->dir, names[i], NULL);
      g_autofree char *text = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &text, &length, NULL))
        continue;

      g_string_append_printf (tail, "--- %s (end) ---\n%s\n", path,
                              length > 4000 ? text + length - 4000 : text);
    }

  return g_string_free (g_steal_pointer (&tail), FALSE);
}

void
signet_test_xmpp_server_wait (SignetTestXmppServer *self)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (!port_answers (self->port))
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;

      if (self->exited || g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = signet_test_xmpp_server_get_log_tail (self);

          g_error ("%s did not start (%s):\n%s", signet_test_xmpp_server_get_name (self),
                   self->exited ? "it exited" : "timed out", log);
        }

      g_usleep (50 * 1000);
    }
}

static void
wait_exited (SignetTestXmppServer *self,
             guint                 seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!self->exited && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (20 * 1000);
    }
}

void
signet_test_xmpp_server_stop (SignetTestXmppServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      if (!self->exited)
        {
          g_subprocess_send_signal (self->process, SIGTERM);
          wait_exited (self, STOP_TIMEOUT_SECONDS);
        }
      if (!self->exited)
        {
          g_subprocess_force_exit (self->process);
          wait_exited (self, STOP_TIMEOUT_SECONDS);
        }
      g_clear_object (&self->process);
    }

  if (g_getenv ("SIGNET_TEST_KEEP_SERVERS") != NULL)
    g_printerr ("# kept %s in %s\n", signet_test_xmpp_server_get_name (self), self->dir);
  else
    {
      const char *argv[] = { "rm", "-rf", "--", self->dir, NULL };

      run_or_fail (argv);
    }

  g_free (self->dir);
  g_free (self->log_path);
  g_free (self->host_and_port);
  g_free (self->sha256);
  g_free (self);
}

const char *
signet_test_xmpp_server_get_name (SignetTestXmppServer *self)
{
  return self->kind == SIGNET_TEST_XMPP_PROSODY ? "Prosody" : "ejabberd";
}

guint16
signet_test_xmpp_server_get_port (SignetTestXmppServer *self)
{
  return self->port;
}

const char *
signet_test_xmpp_server_get_host_and_port (SignetTestXmppServer *self)
{
  return self->host_and_port;
}

guint16
signet_test_xmpp_server_get_http_port (SignetTestXmppServer *self)
{
  return self->http_port;
}

const char *
signet_test_xmpp_server_get_sha256 (SignetTestXmppServer *self)
{
  return self->sha256;
}

const char *
signet_test_xmpp_server_get_dir (SignetTestXmppServer *self)
{
  return self->dir;
}

char *
signet_test_xmpp_server_read_file (SignetTestXmppServer *self,
                                   const char           *name)
{
  g_autofree char *path = g_build_filename (self->dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  return contents;
}

SignetConnection *
signet_test_xmpp_server_connection (SignetTestXmppServer *self,
                                    const char           *domain)
{
  SignetConnection *connection = signet_connection_new (domain);

  signet_connection_set_host (connection, "127.0.0.1", self->port);
  signet_connection_set_trusted_sha256 (connection, self->sha256);
  signet_connection_set_timeout (connection, 20);

  return connection;
}

/*
 * Synchronous helpers
 */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + CALL_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("An asynchronous call did not finish within %u seconds", CALL_TIMEOUT_SECONDS);
      g_main_context_iteration (NULL, TRUE);
    }

  return *slot;
}

gboolean
signet_test_xmpp_fetch (SignetInbandRegistration *registration,
                        GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_inband_registration_fetch_async (registration, NULL, on_done, &result);
  return signet_inband_registration_fetch_finish (registration, wait_result (&result), error);
}

gboolean
signet_test_xmpp_submit (SignetInbandRegistration *registration,
                         GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_inband_registration_submit_async (registration, NULL, on_done, &result);
  return signet_inband_registration_submit_finish (registration, wait_result (&result), error);
}

SignetAccount *
signet_test_xmpp_complete (SignetInbandRegistration *registration,
                           GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_inband_registration_complete_async (registration, NULL, on_done, &result);
  return signet_inband_registration_complete_finish (registration, wait_result (&result), error);
}

gboolean
signet_test_xmpp_change_password (SignetXmppAccount *account,
                                  const char        *new_password,
                                  SignetDataForm    *form,
                                  GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_xmpp_account_change_password_async (account, new_password, form, NULL, on_done, &result);
  return signet_xmpp_account_change_password_finish (account, wait_result (&result), error);
}

gboolean
signet_test_xmpp_unregister (SignetXmppAccount *account,
                             SignetDataForm    *form,
                             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_xmpp_account_unregister_async (account, form, NULL, on_done, &result);
  return signet_xmpp_account_unregister_finish (account, wait_result (&result), error);
}

gboolean
signet_test_xmpp_login (SignetTestXmppServer *self,
                        const char           *jid,
                        const char           *password,
                        char                **mechanism,
                        GError              **error)
{
  const char *at = strchr (jid, '@');
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (self, at != NULL ? at + 1 : jid);
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  signet_connection_set_login (connection, jid, password);
  signet_connection_connect_async (connection, NULL, on_done, &result);
  ok = signet_connection_connect_finish (connection, wait_result (&result), error);
  if (ok && mechanism != NULL)
    *mechanism = g_strdup (signet_connection_get_sasl_mechanism (connection));
  signet_connection_close (connection);

  return ok;
}

SignetInbandRegistration *
signet_test_xmpp_register (SignetTestXmppServer *self,
                           const char           *domain,
                           const char           *username,
                           const char           *password,
                           GError              **error)
{
  g_autoptr(SignetConnection) connection = signet_test_xmpp_server_connection (self, domain);
  g_autoptr(SignetInbandRegistration) registration = signet_inband_registration_new (connection);
  g_autoptr(GError) fetch_error = NULL;
  SignetDataForm *form;

  signet_test_xmpp_fetch (registration, &fetch_error);
  g_assert_no_error (fetch_error);

  form = signet_inband_registration_get_form (registration);
  g_assert_nonnull (form);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "username"), username);
  signet_data_form_field_set_value (signet_data_form_get_field (form, "password"), password);

  signet_test_xmpp_submit (registration, error);
  return g_steal_pointer (&registration);
}

char *
signet_test_xmpp_new_username (const char *prefix)
{
  static guint counter;

  /* The test programs share one keyring and one records folder. */
  return g_strdup_printf ("%s%ux%u", prefix, (guint) getpid (), ++counter);
}

char *
signet_test_xmpp_keyring_lookup (const char *server,
                                 const char *jid)
{
  g_autoptr(GAsyncResult) result = NULL;

  signet_account_store_lookup_secret_async (SIGNET_ACCOUNT_KIND_XMPP, server, jid, NULL, on_done, &result);
  return signet_account_store_lookup_secret_finish (wait_result (&result), NULL);
}

static const char *
inband_error_name (const GError *error)
{
  static const char * const names[] = {
    "FAILED", "NOT_OFFERED", "WEB_ONLY", "USERNAME_TAKEN", "USERNAME_INVALID", "MISSING_FIELD",
    "WEAK_PASSWORD", "NOT_ACCEPTABLE", "INVITE_ONLY", "THROTTLED", "FORBIDDEN", "CAPTCHA_FAILED",
    "POLICY_VIOLATION", "BAD_REQUEST", "SERVER_INTERNAL", "FORM_CHANGED", "INVALID_RESPONSE",
    "LOGIN_REFUSED", "FORM_REQUIRED", "NOT_ALLOWED", "NOT_REGISTERED",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == SIGNET_INBAND_ERROR_NOT_REGISTERED + 1);

  if (error == NULL)
    return "success";
  if (error->domain == SIGNET_INBAND_ERROR && (guint) error->code < G_N_ELEMENTS (names))
    return names[error->code];
  return g_quark_to_string (error->domain);
}

void
signet_test_xmpp_report (SignetTestXmppServer    *self,
                         const char              *scenario,
                         const SignetStanzaError *server_error,
                         const GError            *error)
{
  g_autofree char *sent = NULL;

  if (server_error != NULL)
    sent = g_strdup_printf ("%s/%s \"%s\"", signet_stanza_error_get_error_type (server_error),
                            signet_stanza_error_get_condition (server_error),
                            signet_stanza_error_get_text (server_error) ? signet_stanza_error_get_text (server_error) : "");
  else
    sent = g_strdup (error == NULL ? "result" : "-");

  g_test_message ("MATRIX|%s|%s|%s|%s|%s", signet_test_xmpp_server_get_name (self), scenario, sent,
                  inband_error_name (error), error != NULL ? error->message : "");
}

void
signet_test_xmpp_assert_error (SignetTestXmppServer    *self,
                               const char              *scenario,
                               const GError            *error,
                               SignetInbandError        code,
                               const SignetStanzaError *server_error,
                               const char              *condition,
                               const char              *type)
{
  signet_test_xmpp_report (self, scenario, server_error, error);
  g_assert_error (error, SIGNET_INBAND_ERROR, (int) code);
  g_assert_nonnull (server_error);
  g_assert_cmpstr (signet_stanza_error_get_condition (server_error), ==, condition);
  g_assert_cmpstr (signet_stanza_error_get_error_type (server_error), ==, type);
}

/*
 * signet-cli xmpp, as a script uses it
 */

typedef struct
{
  SignetTestXmppServer *server;
  char                 *domain;
  char                 *captcha_domain;
} CliFixture;

static void
cli_fixture_free (gpointer data)
{
  CliFixture *fixture = data;

  g_free (fixture->domain);
  g_free (fixture->captcha_domain);
  g_free (fixture);
}

typedef SignetTestCliRun CliRun;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, signet_test_cli_run_clear)

/* Runs signet-cli with @args and @input on standard input. */
static void
cli_run (CliRun             *run,
         const char         *input,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();

  signet_test_cli_run (run, launcher, args, input);
  g_test_message ("signet-cli %s … exited %d\nstdout: %s\nstderr: %s", args[0], run->status, run->out, run->err);
}

static JsonObject *
cli_json (const char *text)
{
  return signet_test_cli_parse_object (text);
}

static JsonObject *
cli_member (JsonObject *object,
            const char *name)
{
  return signet_test_cli_member (object, name);
}

/* "xmpp register" with the connection options for @domain and @extra. */
static void
cli_register (CliRun           *run,
              const CliFixture *fixture,
              const char       *domain,
              const char       *input,
              const char       *username,
              const char       *password)
{
  g_autofree char *user_field = username ? g_strdup_printf ("username=%s", username) : NULL;
  g_autofree char *password_field = password ? g_strdup_printf ("password=%s", password) : NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) "xmpp");
  g_ptr_array_add (args, (gpointer) "register");
  g_ptr_array_add (args, (gpointer) "--server");
  g_ptr_array_add (args, (gpointer) domain);
  g_ptr_array_add (args, (gpointer) "--host");
  g_ptr_array_add (args, (gpointer) signet_test_xmpp_server_get_host_and_port (fixture->server));
  g_ptr_array_add (args, (gpointer) "--trust");
  g_ptr_array_add (args, (gpointer) signet_test_xmpp_server_get_sha256 (fixture->server));
  g_ptr_array_add (args, (gpointer) "--json");
  if (user_field != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--field");
      g_ptr_array_add (args, user_field);
    }
  if (password_field != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--field");
      g_ptr_array_add (args, password_field);
    }
  g_ptr_array_add (args, NULL);

  cli_run (run, input, (const char * const *) args->pdata);
}

static void
cli_account (CliRun           *run,
             const CliFixture *fixture,
             const char       *input,
             const char       *command,
             const char       *jid,
             const char       *new_password)
{
  const char *args[] = {
    "xmpp", command, "--jid", jid,
    "--host", signet_test_xmpp_server_get_host_and_port (fixture->server),
    "--trust", signet_test_xmpp_server_get_sha256 (fixture->server),
    "--json",
    new_password != NULL ? "--new-password" : NULL, new_password,
    NULL
  };

  cli_run (run, input, args);
}

static char *
cli_register_ok (const CliFixture *fixture,
                 const char       *input,
                 const char       *username,
                 const char       *password)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *result;

  cli_register (&run, fixture, fixture->domain, input, username, password);
  g_assert_cmpint (run.status, ==, 0);
  root = cli_json (run.out);
  result = cli_member (root, "result");
  g_assert_true (json_object_get_boolean_member (result, "keyring-stored"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "login-mechanism"), "SCRAM-"));

  return g_strdup (json_object_get_string_member (result, "jid"));
}

static void
test_cli_register (gconstpointer data)
{
  const CliFixture *fixture = data;
  g_autofree char *username = signet_test_xmpp_new_username ("cli");
  g_autofree char *expected = g_strdup_printf ("%s@%s", username, fixture->domain);
  g_autofree char *jid = cli_register_ok (fixture, "", username, "cli password");
  g_autofree char *secret = NULL;

  g_assert_cmpstr (jid, ==, expected);
  secret = signet_test_xmpp_keyring_lookup (fixture->domain, jid);
  g_assert_cmpstr (secret, ==, "cli password");
}

/* A field left out is read from standard input, the way a script answers. */
static void
test_cli_register_stdin (gconstpointer data)
{
  const CliFixture *fixture = data;
  g_autofree char *username = signet_test_xmpp_new_username ("stdin");
  g_autofree char *jid = cli_register_ok (fixture, "typed password\n", username, NULL);

  g_assert_true (signet_test_xmpp_login (fixture->server, jid, "typed password", NULL, NULL));
}

static void
test_cli_register_missing (gconstpointer data)
{
  const CliFixture *fixture = data;
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;
  JsonArray *fields;
  gboolean saw_password = FALSE;

  cli_register (&run, fixture, fixture->domain, "", NULL, NULL);
  g_assert_cmpint (run.status, ==, 14);
  root = cli_json (run.out);
  error = cli_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "fields-required");
  fields = json_object_get_array_member (error, "fields");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      if (g_str_equal (json_object_get_string_member (field, "var"), "password"))
        {
          saw_password = TRUE;
          g_assert_true (json_object_get_boolean_member (field, "missing"));
          g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "text-private");
        }
    }
  g_assert_true (saw_password);
}

static void
test_cli_register_taken (gconstpointer data)
{
  const CliFixture *fixture = data;
  g_autofree char *username = signet_test_xmpp_new_username ("clitaken");
  g_autofree char *jid = cli_register_ok (fixture, "", username, "first");
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  cli_register (&run, fixture, fixture->domain, "", username, "second");
  g_assert_cmpint (run.status, ==, 4);
  root = cli_json (run.out);
  error = cli_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "condition"), ==, "conflict");
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "cancel");
  g_assert_nonnull (json_object_get_string_member (error, "text"));
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), "username"));
}

static void
test_cli_passwd_unregister (gconstpointer data)
{
  const CliFixture *fixture = data;
  g_autofree char *username = signet_test_xmpp_new_username ("climanage");
  g_autofree char *jid = cli_register_ok (fixture, "", username, "first password");
  g_auto(CliRun) passwd = { 0 };
  g_auto(CliRun) unregister = { 0 };
  g_auto(CliRun) again = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;

  /* The current password comes from the keyring. */
  cli_account (&passwd, fixture, "", "passwd", jid, "second password");
  g_assert_cmpint (passwd.status, ==, 0);
  root = cli_json (passwd.out);
  g_assert_true (json_object_get_boolean_member (cli_member (root, "result"), "keyring-updated"));
  g_assert_true (signet_test_xmpp_login (fixture->server, jid, "second password", NULL, &error));
  g_assert_no_error (error);

  cli_account (&unregister, fixture, "", "unregister", jid, NULL);
  g_assert_cmpint (unregister.status, ==, 0);
  g_assert_false (signet_test_xmpp_login (fixture->server, jid, "second password", NULL, &error));
  g_assert_error (error, SIGNET_CONNECTION_ERROR, SIGNET_CONNECTION_ERROR_AUTHENTICATION_FAILED);

  /* Gone from the keyring too: the password is asked for, and refused. */
  cli_account (&again, fixture, "second password\n", "passwd", jid, "third password");
  g_assert_cmpint (again.status, ==, 12);
}

/* The picture's path on standard error, the answer on standard input. */
static void
test_cli_captcha (gconstpointer data)
{
  const CliFixture *fixture = data;
  g_autofree char *username = signet_test_xmpp_new_username ("clihuman");
  g_autofree char *user_field = g_strdup_printf ("username=%s", username);
  const char *args[] = {
    "xmpp", "register", "--server", fixture->captcha_domain,
    "--host", signet_test_xmpp_server_get_host_and_port (fixture->server),
    "--trust", signet_test_xmpp_server_get_sha256 (fixture->server),
    "--json", "--field", user_field, "--field", "password=a captcha password", NULL
  };
  g_autoptr(GSubprocessLauncher) launcher = signet_test_cli_launcher_new ();
  g_autoptr(GSubprocess) process = signet_test_cli_spawn (launcher, args);
  g_autoptr(GDataInputStream) err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_autoptr(GBytes) png = signet_test_xmpp_server_get_captcha_png ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *picture = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *input = NULL;
  g_autofree char *line = NULL;
  g_autofree char *out = NULL;
  gsize length = 0;

  while (path == NULL)
    {
      g_free (line);
      line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      if (g_str_has_prefix (line, "CAPTCHA picture: "))
        path = g_strdup (line + strlen ("CAPTCHA picture: "));
    }

  g_file_get_contents (path, &picture, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (picture, length, g_bytes_get_data (png, NULL), g_bytes_get_size (png));

  answer = signet_test_xmpp_server_read_file (fixture->server, "captcha-answer");
  g_assert_nonnull (answer);
  input = g_strconcat (answer, "\n", NULL);

  signet_test_secrets_add (answer);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  signet_test_secrets_add_output (out, NULL);
  g_test_message ("stdout: %s", out);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, username));
  /* The picture is not left behind. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

void
signet_test_xmpp_add_cli_tests (SignetTestXmppServer *self,
                                const char           *name,
                                const char           *domain,
                                const char           *captcha_domain)
{
  static const struct { const char *path; GTestDataFunc func; } tests[] = {
    { "register", test_cli_register },
    { "register-stdin", test_cli_register_stdin },
    { "register-missing", test_cli_register_missing },
    { "register-taken", test_cli_register_taken },
    { "passwd-unregister", test_cli_passwd_unregister },
    { "captcha", test_cli_captcha },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      CliFixture *fixture;
      g_autofree char *path = NULL;

      if (tests[i].func == test_cli_captcha && captcha_domain == NULL)
        continue;

      fixture = g_new0 (CliFixture, 1);
      fixture->server = self;
      fixture->domain = g_strdup (domain);
      fixture->captcha_domain = g_strdup (captcha_domain);
      path = g_strdup_printf ("/xep0077/%s/cli/%s", name, tests[i].path);
      signet_test_secrets_add_data_func (path, fixture, tests[i].func, cli_fixture_free);
    }
}

/* Every form a server sends back is answered from --field as well. */
static void
test_cli_forms (gconstpointer data)
{
  const CliFixture *fixture = data;
  g_autofree char *username = signet_test_xmpp_new_username ("cliforms");
  g_autofree char *user_field = g_strdup_printf ("username=%s", username);
  const char *args[] = {
    "xmpp", "register", "--server", fixture->domain,
    "--host", signet_test_xmpp_server_get_host_and_port (fixture->server),
    "--trust", signet_test_xmpp_server_get_sha256 (fixture->server),
    "--json", "--field", user_field, "--field", "password=form password", "--field", "nickname=Nick", NULL
  };
  g_auto(CliRun) reg = { 0 };
  g_auto(CliRun) passwd = { 0 };
  g_auto(CliRun) unregister = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *jid;

  cli_run (&reg, "", args);
  g_assert_cmpint (reg.status, ==, 0);
  root = cli_json (reg.out);
  jid = json_object_get_string_member (cli_member (root, "result"), "jid");

  /* The changepassword and cancel forms are filled in from what Signet knows. */
  cli_account (&passwd, fixture, "", "passwd", jid, "other password");
  g_assert_cmpint (passwd.status, ==, 0);
  g_assert_true (signet_test_xmpp_login (fixture->server, jid, "other password", NULL, &error));
  g_assert_no_error (error);

  cli_account (&unregister, fixture, "", "unregister", jid, NULL);
  g_assert_cmpint (unregister.status, ==, 0);
  g_assert_false (signet_test_xmpp_login (fixture->server, jid, "other password", NULL, NULL));
}

void
signet_test_xmpp_add_cli_forms_test (SignetTestXmppServer *self,
                                     const char           *name,
                                     const char           *domain)
{
  CliFixture *fixture = g_new0 (CliFixture, 1);
  g_autofree char *path = g_strdup_printf ("/xep0077/%s/cli/forms", name);

  fixture->server = self;
  fixture->domain = g_strdup (domain);
  signet_test_secrets_add_data_func (path, fixture, test_cli_forms, cli_fixture_free);
}

/*
 * Counting connections: a loopback relay in front of the c2s port
 */

/* Threads of their own, so that it relays while a test blocks (waiting for
 * signet-cli, or in signet-test-xmpp-serve's read of standard input). */
typedef struct
{
  GSocket *listener;
  guint16 target_port;
  char    *host_and_port;
  int count;
} Relay;

static GHashTable *relays;
G_LOCK_DEFINE_STATIC (relays);

typedef struct
{
  GSocket *from;
  GSocket *to;
} Pump;

static gboolean
send_all (int         fd,
          const char *data,
          gssize      length)
{
  while (length > 0)
    {
      gssize sent = send (fd, data, length, MSG_NOSIGNAL);

      if (sent < 0)
        return FALSE;
      data += sent;
      length -= sent;
    }

  return TRUE;
}

static gpointer
relay_pump (gpointer data)
{
  Pump *pump = data;
  int from = g_socket_get_fd (pump->from);
  int to = g_socket_get_fd (pump->to);
  char buffer[16384];
  gssize length;

  while ((length = recv (from, buffer, sizeof buffer, 0)) > 0)
    if (!send_all (to, buffer, length))
      break;

  /* Passes the end of the stream on; the sockets close with the last pump. */
  shutdown (to, SHUT_WR);
  g_object_unref (pump->from);
  g_object_unref (pump->to);
  g_free (pump);

  return NULL;
}

static void
start_pump (GSocket *from,
            GSocket *to)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->from = g_object_ref (from);
  pump->to = g_object_ref (to);
  g_thread_unref (g_thread_new ("signet-test-relay-pump", relay_pump, pump));
}

static GSocket *
connect_target (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);

  if (socket == NULL || !g_socket_connect (socket, address, NULL, NULL))
    return NULL;

  return g_steal_pointer (&socket);
}

static gpointer
relay_accept (gpointer data)
{
  Relay *relay = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (relay->listener, NULL, &error);
      g_autoptr(GSocket) server = NULL;

      if (client == NULL)
        g_error ("The connection-counting relay could not accept: %s", error->message);

      g_atomic_int_inc (&relay->count);
      server = connect_target (relay->target_port);
      if (server == NULL)
        continue;

      /* The pumps use the descriptors directly, blocking, each in its thread. */
      g_unix_set_fd_nonblocking (g_socket_get_fd (client), FALSE, NULL);
      g_unix_set_fd_nonblocking (g_socket_get_fd (server), FALSE, NULL);

      start_pump (client, server);
      start_pump (server, client);
    }

  return NULL;
}

static Relay *
relay_start (guint16 target_port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  Relay *relay = g_new0 (Relay, 1);

  relay->target_port = target_port;
  relay->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (relay->listener, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (relay->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (relay->listener, &error);
  g_assert_no_error (error);
  relay->host_and_port = g_strdup_printf ("127.0.0.1:%u",
                                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  g_thread_unref (g_thread_new ("signet-test-relay", relay_accept, relay));
  return relay;
}

/* The relay of @self, started on first use; it lives as long as the process. */
static Relay *
get_relay (SignetTestXmppServer *self,
           gboolean              start)
{
  Relay *relay;

  G_LOCK (relays);
  if (relays == NULL)
    relays = g_hash_table_new (NULL, NULL);
  relay = g_hash_table_lookup (relays, self);
  if (relay == NULL && start)
    {
      relay = relay_start (signet_test_xmpp_server_get_port (self));
      g_hash_table_insert (relays, self, relay);
    }
  G_UNLOCK (relays);

  return relay;
}

const char *
signet_test_xmpp_server_get_counted_host_and_port (SignetTestXmppServer *self)
{
  return get_relay (self, TRUE)->host_and_port;
}

guint
signet_test_xmpp_server_get_connection_count (SignetTestXmppServer *self)
{
  Relay *relay = get_relay (self, FALSE);

  return relay != NULL ? (guint) g_atomic_int_get (&relay->count) : 0;
}

SignetConnection *
signet_test_xmpp_server_counted_connection (SignetTestXmppServer *self,
                                            const char           *domain)
{
  SignetConnection *connection = signet_test_xmpp_server_connection (self, domain);

  g_assert_true (signet_connection_set_host_and_port (connection,
                                                      signet_test_xmpp_server_get_counted_host_and_port (self),
                                                      NULL));
  return connection;
}
