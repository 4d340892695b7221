# bash completion for signet-cli                          -*- shell-script -*-
#
# Copyright 2026 The Signet developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Keep in step with src/cli/signet-cli.c: tests/cli/test-cli-docs.sh checks
# that every command and option of `signet-cli COMMAND --help` is here.
# A new command is a word in _signet_cli_commands (or _signet_cli_subcommands
# for a two-word one), a line in _signet_cli_options, and, for its options
# that take a value, a pattern in _signet_cli.

# The first word; "xmpp" and "cadmium" are only groups, "provision" is both.
_signet_cli_commands="request register verify accounts export import link rekey xmpp cadmium provision"

# The second words of two-word commands ("xmpp register", "provision verify").
_signet_cli_subcommands()
{
  case "$1" in
    xmpp) echo "register passwd unregister info serve" ;;
    cadmium) echo "register" ;;
    provision) echo "verify" ;;
  esac
}

# The long options of a command, as `signet-cli COMMAND --help` lists them.
_signet_cli_options()
{
  local connection="--server --host --direct-tls --trust --timeout"
  local request="--phone --region --name --force --challenge --fallback --accept-terms --allow-unlisted --replace"
  local form="--field"
  local servlet="--url --trust --timeout"
  case "$1" in
    request) echo "$connection $request --json" ;;
    register) echo "$connection $request --code --json" ;;
    verify) echo "$connection --code --json" ;;
    accounts) echo "--json" ;;
    export) echo "--account --output --json" ;;
    import) echo "$connection --link --json" ;;
    link) echo "$connection --account --qr-png --json" ;;
    rekey) echo "$connection --account --json" ;;
    "xmpp register") echo "$connection $form --invite --captcha-id --json" ;;
    "xmpp passwd") echo "$connection --jid --new-password $form --json" ;;
    "xmpp unregister") echo "$connection --jid $form --json" ;;
    "xmpp info") echo "$connection --account --json" ;;
    "xmpp serve") echo "" ;;
    "cadmium register") echo "--url --server --trust --username --email --msisdn --login --timeout --json" ;;
    provision) echo "$servlet --username --mail --ip --token-file --batch --resume --retries --json" ;;
    "provision verify") echo "$servlet --token --json" ;;
  esac
}

_signet_cli()
{
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  local command="${COMP_WORDS[1]}" subcommands

  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$_signet_cli_commands --help --version" -- "$cur"))
    return
  fi

  # A two-word command: its second word comes right after the first.
  subcommands=$(_signet_cli_subcommands "$command")
  if [[ -n $subcommands ]]; then
    if [[ $COMP_CWORD -eq 2 ]]; then
      case "$command" in
        # "provision" is a command too: its options, or "verify".
        provision) COMPREPLY=($(compgen -W "$subcommands $(_signet_cli_options provision) --help" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "$subcommands" -- "$cur")) ;;
      esac
      return
    fi
    if [[ " $subcommands " == *" ${COMP_WORDS[2]} "* ]]; then
      command="$command ${COMP_WORDS[2]}"
    fi
  fi

  # The value of an option.
  case "$prev" in
    --challenge) COMPREPLY=($(compgen -W "pin missedcall callerid" -- "$cur")); return ;;
    --output|-o|--token-file|--batch|--qr-png)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
    --server|-s|--host|--trust|--timeout|--phone|-p|--region|--name|--code|-c|--jid|-j|--new-password|--field|-f|\
    --invite|--captcha-id|--account|-a|--link|--url|-u|--username|--email|--msisdn|--mail|--ip|--retries|--token)
      return ;;
  esac

  # import's key pack, or an option.
  if [[ $command == import && $cur != -* ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -X '!*.zip' -- "$cur") $(compgen -d -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -W "$(_signet_cli_options "$command") --help" -- "$cur"))
}

complete -F _signet_cli signet-cli
