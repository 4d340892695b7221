#!/usr/bin/env bash
# signet-cli's bash and zsh completions and its manual page list every
# command and every option that `signet-cli COMMAND --help` shows, and the
# manual page builds.
#   test-cli-docs.sh SIGNET_CLI BASH_COMPLETION ZSH_COMPLETION MANPAGE
#
# Copyright 2026 The Signet developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

cli=$1 bash_completion=$2 zsh_completion=$3 manpage=$4
export LC_ALL=C.UTF-8
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# "request", "xmpp register", ...: the command list of `signet-cli --help`.
mapfile -t commands < <("$cli" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]\+\( [a-z]\+\)\?\)  .*/\1/p')
[ ${#commands[@]} -ge 7 ] || fail "signet-cli --help lists ${#commands[@]} commands"

# The long options of one command, from its --help option lines.
options_of() {
  # shellcheck disable=SC2086
  "$cli" $1 --help | sed -n 's/^ \+\(-[a-zA-Z], \)\?\(--[a-z][a-z-]*\).*/\2/p' |
    grep -v -e '^--help' | sort -u
}

bash -n "$bash_completion" || fail "the bash completion does not parse"
# shellcheck disable=SC1090
source "$bash_completion"

complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _signet_cli
  printf '%s\n' "${COMPREPLY[@]}"
}

first_words=$(complete_words signet-cli "")
man_text=$(sed 's/\\f[BIR]//g; s/\\-/-/g' "$manpage")
[ -s "$manpage" ] || fail "the manual page is empty"

for command in "${commands[@]}"; do
  read -r -a words <<<"$command"
  grep -qx "${words[0]}" <<<"$first_words" || fail "bash completes no command ${words[0]}"
  grep -q "'${words[-1]}\[" "$zsh_completion" || fail "zsh completes no command $command"
  grep -q "$command" <<<"$man_text" || fail "the manual page does not mention $command"

  listed=$(complete_words signet-cli "${words[@]}" "--")
  for option in $(options_of "$command"); do
    grep -qx -- "$option" <<<"$listed" || fail "bash completes no $option after $command"
    grep -q -- "$option\[" "$zsh_completion" || grep -q -- ",$option}" "$zsh_completion" ||
      fail "zsh completes no $option"
    grep -q -- "$option" <<<"$man_text" || fail "the manual page does not mention $option"
  done
done

if [ $failures -gt 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "ok: ${#commands[@]} commands, their options completed by bash and zsh and in the manual page"
