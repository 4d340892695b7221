/* signet-test-xmpp-serve.c: a real Prosody or ejabberd for the UI tests,
 * which drive the wizard from outside its process.
 *
 * Copyright 2026 The Signet developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: signet-test-xmpp-serve prosody|ejabberd
 * Prints "READY <host:port> <sha256> <dir>" once the server answers and
 * stops it when standard input closes.  <host:port> is a relay in front of
 * the server that counts the connections made through it: a line
 * "CONNECTIONS" on standard input is answered with "CONNECTIONS <n>", the
 * number so far, on standard output.  The virtual hosts are the ones the
 * protocol tests use: open.localhost on both, said.localhost (a form with
 * instructions), instructions.localhost and office.localhost (instructions
 * only, with and without an address) on Prosody,
 * and captcha.localhost (its answer in <dir>/captcha-answer) on ejabberd.
 */

#include "config.h"

#include <stdio.h>

#include "signet-test-xmpp-server.h"

static const SignetTestXmppHost prosody_hosts[] = {
  { "open.localhost", NULL },
  /* A form with the server's own instructions, a link in them. */
  { "said.localhost",
    "registration_instructions = \"Choose a name you will keep. House rules: https://said.localhost/rules\"" },
  /* Instructions and nothing else (tests/support/prosody/mod_signet_test_instructions.lua). */
  { "instructions.localhost",
    "modules_enabled = { @MODULES@ \"signet_test_instructions\"; }\n"
    "signet_test_instructions = \"Accounts are given out at https://instructions.localhost/join only.\"" },
  /* Instructions with no address in them: nowhere to send the person. */
  { "office.localhost",
    "modules_enabled = { @MODULES@ \"signet_test_instructions\"; }\n"
    "signet_test_instructions = \"Ask the administrator in the office for an account.\"" },
  { NULL }
};

static const SignetTestXmppHost ejabberd_hosts[] = {
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

/* Signet's test modules, for instructions.localhost. */
static const char *prosody_config = "plugin_paths = { \"" SIGNET_TEST_PROSODY_PLUGINS "\" }";

static const char *ejabberd_config =
  "registration_timeout: infinity\n"
  "captcha_cmd: \"@DIR@/captcha.sh\"\n"
  "captcha_url: \"http://127.0.0.1:@HTTP_PORT@/captcha\"";

int
main (int   argc,
      char *argv[])
{
  SignetTestXmppServer *server;
  gboolean ejabberd;
  char line[64];

  if (argc != 2 || (!g_str_equal (argv[1], "prosody") && !g_str_equal (argv[1], "ejabberd")))
    {
      g_printerr ("Usage: %s prosody|ejabberd\n", argv[0]);
      return 2;
    }

  ejabberd = g_str_equal (argv[1], "ejabberd");
  server = signet_test_xmpp_server_start (ejabberd ? SIGNET_TEST_XMPP_EJABBERD : SIGNET_TEST_XMPP_PROSODY,
                                          ejabberd ? ejabberd_config : prosody_config,
                                          ejabberd ? ejabberd_hosts : prosody_hosts);
  signet_test_xmpp_server_wait (server);

  g_print ("READY %s %s %s\n", signet_test_xmpp_server_get_counted_host_and_port (server),
           signet_test_xmpp_server_get_sha256 (server), signet_test_xmpp_server_get_dir (server));
  fflush (stdout);

  /* The test closes our standard input when it is done (or dies). */
  while (fgets (line, sizeof line, stdin) != NULL)
    if (g_str_equal (g_strstrip (line), "CONNECTIONS"))
      {
        g_print ("CONNECTIONS %u\n", signet_test_xmpp_server_get_connection_count (server));
        fflush (stdout);
      }

  signet_test_xmpp_server_stop (server);
  return 0;
}
