# bash completion for signet-cli                          -*- shell-script -*-
#
# Copyright 2026 The Signet developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Keep in step with src/cli/signet-cli.c: tests/cli/test-cli-docs.sh checks
# that every command and option of `signet-cli COMMAND --help` is here.

_signet_cli_options()
{
  local connection="--server --host --direct-tls --trust --timeout"
  local request="--phone --region --name --force --challenge --fallback --accept-terms --allow-unlisted --replace"
  local form="--field"
  case "$1" in
    request) echo "$connection $request --json" ;;
    register) echo "$connection $request --code --json" ;;
    verify) echo "$connection --code --json" ;;
    accounts) echo "--json" ;;
    "xmpp register") echo "$connection $form --json" ;;
    "xmpp passwd") echo "$connection --jid --new-password $form --json" ;;
    "xmpp unregister") echo "$connection --jid $form --json" ;;
  esac
}

_signet_cli()
{
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  local command="${COMP_WORDS[1]}"

  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "request register verify accounts xmpp --help --version" -- "$cur"))
    return
  fi
  if [[ $command == xmpp ]]; then
    if [[ $COMP_CWORD -eq 2 ]]; then
      COMPREPLY=($(compgen -W "register passwd unregister" -- "$cur"))
      return
    fi
    command="xmpp ${COMP_WORDS[2]}"
  fi

  case "$prev" in
    --challenge) COMPREPLY=($(compgen -W "pin missedcall callerid" -- "$cur")); return ;;
    --server|-s|--host|--trust|--timeout|--phone|-p|--region|--name|--code|-c|--jid|-j|--new-password|--field|-f)
      return ;;
  esac

  COMPREPLY=($(compgen -W "$(_signet_cli_options "$command") --help" -- "$cur"))
}

complete -F _signet_cli signet-cli
