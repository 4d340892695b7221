/* devserver-main.c: signet-devserver, a development and test server that
 * behaves like Kontalk's
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "devserver-cadmium.h"
#include "devserver-client.h"
#include "devserver-kontalk.h"
#include "devserver-tls.h"

#define LISTEN_ADDRESS "127.0.0.1"

/* The command line, as GOption fills it. */
typedef struct
{
  int port;
  char   *domain;
  char   *terms_url;
  char  **registered;
  int throttle_window;
  int throttle_attempts;
  int code_expiry;
  char   *default_challenge;
  char   *fallback_challenge;
  char  **providers;
  char  **fail_providers;
  char   *brand_image;
  char   *brand_link;
  char   *codes_file;
  gboolean no_registration;
  int drop_after;
  int delay_ms;
  int garble;
  int fault_connection;
  int delay_element;
  int wrong_reply;
  gboolean print_connections;
  gboolean no_starttls;
  char   *state_dir;
  int callerid_delay_ms;
  gboolean no_certify;
  gboolean garbage_key;
  gboolean refuse_login;
  char  **refuse_revocation;
  char  **drop_rekey;
  char  **garble_rekey;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->domain);
  g_free (options->terms_url);
  g_strfreev (options->registered);
  g_free (options->default_challenge);
  g_free (options->fallback_challenge);
  g_strfreev (options->providers);
  g_strfreev (options->fail_providers);
  g_free (options->brand_image);
  g_free (options->brand_link);
  g_free (options->codes_file);
  g_free (options->state_dir);
  g_strfreev (options->refuse_revocation);
  g_strfreev (options->drop_rekey);
  g_strfreev (options->garble_rekey);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static const char summary[] =
  "Speaks enough XMPP to sign up on a Kontalk server: STARTTLS, the\n"
  "jabber:iq:register instructions form and the phone-number request, with\n"
  "Kontalk's fields, errors, conflict, force, throttling, terms and providers;\n"
  "the code step, which takes the OpenPGP key from the client's bridge\n"
  "certificate and certifies it with the server's own key (made at start with\n"
  "GnuPG); the server key over XEP-0189 (<pubkey xmlns='urn:xmpp:pubkey:2'/>);\n"
  "and SASL EXTERNAL, which accepts only keys this server certified, then\n"
  "resource binding; on such a session, device linking and key rollover (a\n"
  "new key with the old one's revocation, checked by GnuPG; the old key never\n"
  "logs in again).\n"
  "\n"
  "Its first line on stdout is\n"
  "  READY 127.0.0.1 <port> <sha256 of the TLS certificate, lowercase hex>\n"
  "and then, one line each:\n"
  "  CODE <e164> <code>        a code it \"sends\" (CODE <e164> callerid for\n"
  "                            caller-ID checks)\n"
  "  UNSUBSCRIBED <jid>        a verified code replaced an existing account,\n"
  "                            whose contacts are told\n"
  "  LOGIN <jid>               a SASL EXTERNAL login succeeded\n"
  "  CONNECTION <n>            connection n was accepted (--print-connections)\n"
  "  ELEMENT <c> <n> <name>    element n arrived on connection c (the same)\n"
  "  FORGOTTEN <n>             after SIGUSR1: the keys of the n accounts are\n"
  "                            refused at login until verified again\n"
  "\n"
  "Challenge types: pin, missedcall, callerid.  Elements are counted per\n"
  "connection from 1, every top-level element after a stream header, <starttls/>\n"
  "included: with STARTTLS, 1 is <starttls/> and 2 the first IQ.  Connections\n"
  "are counted from 1 in the order the server accepts them.";

static gboolean
parse_command_line (Options *options,
                    int     *argc,
                    char  ***argv,
                    GError **error)
{
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &options->port,
      "Port on 127.0.0.1 (default 0: a free one)", "N" },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &options->domain,
      "XMPP domain and certificate name (default localhost)", "D" },
    { "terms-url", 0, 0, G_OPTION_ARG_STRING, &options->terms_url,
      "Ask for acceptance of the service terms at URL", "URL" },
    { "registered", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->registered,
      "This E.164 number already has an account (repeatable)", "+NUMBER" },
    { "throttle-window", 0, 0, G_OPTION_ARG_INT, &options->throttle_window,
      "Quiet time after which attempts are forgotten (default 30)", "SECONDS" },
    { "throttle-attempts", 0, 0, G_OPTION_ARG_INT, &options->throttle_attempts,
      "Attempts per IP, number and prefix within the window (default 3, 0: no throttling)", "N" },
    { "code-expiry", 0, 0, G_OPTION_ARG_INT, &options->code_expiry,
      "Forget pending verifications after this time (default 0: never)", "SECONDS" },
    { "default-challenge", 0, 0, G_OPTION_ARG_STRING, &options->default_challenge,
      "Challenge type of the default provider (default pin)", "TYPE" },
    { "fallback-challenge", 0, 0, G_OPTION_ARG_STRING, &options->fallback_challenge,
      "Challenge type of the fallback provider, or none (default missedcall, "
      "pin when the default is missedcall)", "TYPE" },
    { "provider", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->providers,
      "A further provider, chosen only by the challenge field (repeatable)", "TYPE" },
    { "fail-provider", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->fail_providers,
      "The provider of this challenge type fails to send (repeatable)", "TYPE" },
    { "brand-image", 0, 0, G_OPTION_ARG_STRING, &options->brand_image,
      "Add brand-image-* fields to the challenge reply", "URL" },
    { "brand-link", 0, 0, G_OPTION_ARG_STRING, &options->brand_link,
      "Add a brand-link field (only with --brand-image, as Kontalk)", "URL" },
    { "codes-file", 0, 0, G_OPTION_ARG_FILENAME, &options->codes_file,
      "Also append every CODE line to this file", "PATH" },
    { "no-registration", 0, 0, G_OPTION_ARG_NONE, &options->no_registration,
      "Registration is disabled for the domain", NULL },
    { "drop-after", 0, 0, G_OPTION_ARG_INT, &options->drop_after,
      "Close the TCP connection on receiving the N-th element", "N" },
    { "delay-ms", 0, 0, G_OPTION_ARG_INT, &options->delay_ms,
      "Wait this long before every reply", "MS" },
    { "garble", 0, 0, G_OPTION_ARG_INT, &options->garble,
      "Answer the N-th element with broken XML", "N" },
    { "fault-connection", 0, 0, G_OPTION_ARG_INT, &options->fault_connection,
      "Apply --drop-after, --delay-ms and --garble to the N-th connection only "
      "(default 0: to all)", "N" },
    { "delay-element", 0, 0, G_OPTION_ARG_INT, &options->delay_element,
      "With --delay-ms, read the N-th element that late, or never if the client left", "N" },
    { "wrong-reply", 0, 0, G_OPTION_ARG_INT, &options->wrong_reply,
      "Answer the N-th element with an empty <iq type='result'/>", "N" },
    { "print-connections", 0, 0, G_OPTION_ARG_NONE, &options->print_connections,
      "Print CONNECTION <n> and ELEMENT <connection> <n> <name> lines", NULL },
    { "no-starttls", 0, 0, G_OPTION_ARG_NONE, &options->no_starttls,
      "Offer no STARTTLS; registration in the clear", NULL },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->state_dir,
      "Keep the GnuPG home (server key, user keys) in DIR/gnupg and reuse the "
      "server key found there (default: a temporary directory removed at exit)", "DIR" },
    { "callerid-delay-ms", 0, 0, G_OPTION_ARG_INT, &options->callerid_delay_ms,
      "A caller-ID check succeeds only this long after the request (default 0)", "MS" },
    { "no-certify", 0, 0, G_OPTION_ARG_NONE, &options->no_certify,
      "Accept codes but send the key back without the server's certification", NULL },
    { "garbage-key", 0, 0, G_OPTION_ARG_NONE, &options->garbage_key,
      "Accept codes but send Base64 of random bytes instead of the key", NULL },
    { "refuse-login", 0, 0, G_OPTION_ARG_NONE, &options->refuse_login,
      "Refuse every SASL EXTERNAL login", NULL },
    { "refuse-revocation", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->refuse_revocation,
      "Answer this number's key rollovers with forbidden \"Invalid revocation key.\" (repeatable)", "E164" },
    { "drop-rekey", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->drop_rekey,
      "Close the TCP connection when this number's new key first arrives (repeatable)", "E164" },
    { "garble-rekey", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->garble_rekey,
      "Take this number's first new key, then answer with broken XML (repeatable)", "E164" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- Signet's development server");

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  return g_option_context_parse (context, argc, argv, error);
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, DEVSERVER_ERROR, DEVSERVER_ERROR_INVALID_OPTION, message);
  return FALSE;
}

static gboolean
parse_challenge (const char         *text,
                 const char         *option,
                 gboolean            allow_none,
                 DevserverChallenge *challenge,
                 GError            **error)
{
  if (devserver_challenge_from_string (text, allow_none, challenge))
    return TRUE;

  g_set_error (error, DEVSERVER_ERROR, DEVSERVER_ERROR_INVALID_OPTION,
               "%s: unknown challenge type '%s' (pin, missedcall, callerid%s)",
               option, text, allow_none ? ", none" : "");
  return FALSE;
}

/* Tests of re-verification: the server stops taking the keys it knows. */
static gboolean
on_forget_signal (gpointer user_data)
{
  devserver_kontalk_forget_keys (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_numbers (const Options *options,
               GError       **error)
{
  if (options->port < 0 || options->port > G_MAXUINT16)
    return invalid (error, "--port must be between 0 and 65535");
  if (options->throttle_window < 0 || options->throttle_attempts < 0 ||
      options->code_expiry < 0 || options->drop_after < 0 ||
      options->delay_ms < 0 || options->garble < 0 ||
      options->fault_connection < 0 || options->delay_element < 0 || options->wrong_reply < 0 || options->callerid_delay_ms < 0)
    return invalid (error, "Counts and times cannot be negative");
  if (options->domain[0] == '\0')
    return invalid (error, "--domain cannot be empty");

  return TRUE;
}

/* Fills @kontalk from @options; @extra receives the --provider types. */
static gboolean
make_kontalk_options (const Options           *options,
                      DevserverKontalkOptions *kontalk,
                      GArray                  *extra,
                      GError                 **error)
{
  kontalk->domain = options->domain;
  kontalk->registration_enabled = !options->no_registration;
  kontalk->terms_url = options->terms_url;
  kontalk->throttle_window_seconds = (guint) options->throttle_window;
  kontalk->throttle_attempts = (guint) options->throttle_attempts;
  kontalk->code_expiry_seconds = (guint) options->code_expiry;
  kontalk->brand_image = options->brand_image;
  kontalk->brand_link = options->brand_link;
  kontalk->codes_file = options->codes_file;
  kontalk->registered = (const char * const *) options->registered;
  kontalk->state_dir = options->state_dir;
  kontalk->callerid_delay_ms = (guint) options->callerid_delay_ms;
  kontalk->no_certify = options->no_certify;
  kontalk->garbage_key = options->garbage_key;
  kontalk->refuse_login = options->refuse_login;
  kontalk->refuse_revocation = (const char * const *) options->refuse_revocation;
  kontalk->drop_rekey = (const char * const *) options->drop_rekey;
  kontalk->garble_rekey = (const char * const *) options->garble_rekey;

  if (!parse_challenge (options->default_challenge, "--default-challenge", FALSE,
                        &kontalk->default_challenge, error))
    return FALSE;

  if (options->fallback_challenge != NULL)
    {
      if (!parse_challenge (options->fallback_challenge, "--fallback-challenge", TRUE,
                            &kontalk->fallback_challenge, error))
        return FALSE;
    }
  else
    {
      kontalk->fallback_challenge = kontalk->default_challenge == DEVSERVER_CHALLENGE_MISSEDCALL ?
                                    DEVSERVER_CHALLENGE_PIN : DEVSERVER_CHALLENGE_MISSEDCALL;
    }

  for (guint i = 0; options->providers != NULL && options->providers[i] != NULL; i++)
    {
      DevserverChallenge challenge;

      if (!parse_challenge (options->providers[i], "--provider", FALSE, &challenge, error))
        return FALSE;
      g_array_append_val (extra, challenge);
    }
  kontalk->extra_challenges = (const DevserverChallenge *) (gpointer) extra->data;
  kontalk->n_extra_challenges = extra->len;

  for (guint i = 0; options->fail_providers != NULL && options->fail_providers[i] != NULL; i++)
    {
      DevserverChallenge challenge;

      if (!parse_challenge (options->fail_providers[i], "--fail-provider", FALSE, &challenge, error))
        return FALSE;
      kontalk->failing_challenges |= 1u << challenge;
    }

  if (options->brand_link != NULL && options->brand_image == NULL)
    g_printerr ("signet-devserver: --brand-link without --brand-image is ignored, as Kontalk does\n");

  return TRUE;
}

static GSocketService *
listen_on (int      port,
           guint16 *effective_port,
           GError **error)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (-1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string (LISTEN_ADDRESS);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  g_autoptr(GSocketAddress) effective = NULL;

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, error))
    return NULL;

  *effective_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  return g_steal_pointer (&service);
}

/* GThreadedSocketService gives every connection its own thread. */
static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  devserver_client_run (user_data, connection);
  return TRUE;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Orphaned: whoever started the server is gone. */
static gboolean
on_parent_check (gpointer user_data)
{
  const pid_t *parent = user_data;

  if (getppid () != *parent)
    {
      g_debug ("The parent process is gone");
      raise (SIGTERM);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static int
fail (const GError     *error,
      DevserverKontalk *kontalk)
{
  g_printerr ("signet-devserver: %s\n", error->message);
  /* No agent or temporary GnuPG home may outlive a failed start. */
  if (kontalk != NULL)
    devserver_kontalk_cleanup (kontalk);
  return EXIT_FAILURE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) extra = g_array_new (FALSE, FALSE, sizeof (DevserverChallenge));
  g_autoptr(GMainLoop) loop = NULL;
  DevserverKontalkOptions kontalk_options = { 0 };
  DevserverClientOptions client_options = { 0 };
  GSocketService *service;
  guint16 port = 0;
  pid_t parent;

  /* GLib prints debug and info messages on stdout by default; stdout is
   * reserved for the READY, CODE, UNSUBSCRIBED and LOGIN lines. */
  g_log_writer_default_set_use_stderr (TRUE);
  /* A client that disappears mid-write must not kill the server. */
  signal (SIGPIPE, SIG_IGN);
  if (devserver_cadmium_requested (argc, argv))
    return devserver_cadmium_main (argc, argv);
  /* A test that dies (a failed assertion) never sends SIGTERM; the server
   * must not outlive it with its GnuPG agent and temporary files. */
  parent = getppid ();
  g_timeout_add_seconds (1, on_parent_check, &parent);
  /* From the start: a signal during start-up must still let the GnuPG
   * agent and the temporary state directory be cleaned up. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);

  options.throttle_window = 30;
  options.throttle_attempts = 3;
  if (!parse_command_line (&options, &argc, &argv, &error))
    return fail (error, client_options.kontalk);

  if (options.domain == NULL)
    options.domain = g_strdup ("localhost");
  if (options.default_challenge == NULL)
    options.default_challenge = g_strdup ("pin");

  if (!check_numbers (&options, &error) ||
      !make_kontalk_options (&options, &kontalk_options, extra, &error))
    return fail (error, client_options.kontalk);

  /* Shared with the client threads until the process exits, so never
   * freed: a thread may still be answering when a signal ends main(). */
  client_options.kontalk = devserver_kontalk_new (&kontalk_options, &error);
  if (client_options.kontalk == NULL)
    return fail (error, client_options.kontalk);

  client_options.tls = devserver_tls_new (options.domain, &error);
  if (client_options.tls == NULL)
    return fail (error, client_options.kontalk);

  client_options.offer_starttls = !options.no_starttls;
  client_options.drop_after = (guint) options.drop_after;
  client_options.garble = (guint) options.garble;
  client_options.delay_ms = (guint) options.delay_ms;
  client_options.fault_connection = (guint) options.fault_connection;
  client_options.delay_element = (guint) options.delay_element;
  client_options.wrong_reply = (guint) options.wrong_reply;
  client_options.print_connections = options.print_connections;

  service = listen_on (options.port, &port, &error);
  if (service == NULL)
    return fail (error, client_options.kontalk);

  g_unix_signal_add (SIGUSR1, on_forget_signal, client_options.kontalk);
  g_signal_connect (service, "run", G_CALLBACK (on_run), &client_options);
  g_socket_service_start (service);

  /* Tests wait for exactly this line before connecting. */
  printf ("READY %s %u %s\n", LISTEN_ADDRESS, port,
          devserver_tls_get_sha256 (client_options.tls));
  fflush (stdout);

  g_main_loop_run (loop);

  g_debug ("Shutting down");
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  devserver_kontalk_cleanup (client_options.kontalk);
  fflush (stdout);
  fflush (stderr);

  /* _exit() rather than returning or exit(): client threads may still hold
   * the shared state or be inside a TLS handshake, and exit() would run
   * OpenSSL's cleanup under them (ThreadSanitizer saw it free a lock a
   * client thread was taking).  Nothing needs to be torn down. */
  _exit (EXIT_SUCCESS);
}
