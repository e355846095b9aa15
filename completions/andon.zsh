#compdef andon

__andon_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__andon_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __andon_complete "${completions[@]:0:-1}"
    fi
}

__andon_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_andon() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'board:Open the full-screen board (the default command).'
            'check:Refresh once, print a summary and exit 0 green, 1 yellow, 2 red, 3 unknown.'
            'snapshot:Print the board once as text and exit with the status of `check` (0/1/2/3).'
            'replay:Play the board through a past window: tiles, culprits, alerts and drill-downs as they were.'
            'report:Print the handover digest of a window: time in each status, reds, alerts, acks, what is open.'
            'doctor:Check everything between andon and the board'\''s numbers; print the fix for each fault.'
            'rules:Print Prometheus alerting rules that fire where the board turns yellow or red.'
            'queries:List every PromQL query the board issues, by principle and panel.'
            'profiles:List the built-in profiles; with a Prometheus, which fit it and what each would supply.'
            'init:Write a commented configuration for what a Prometheus exports.'
            'ack:Acknowledge firing alerts in Alertmanager, or list the acknowledgements in force.'
            'unack:End acknowledgements: expire the ack silences of the alerts chosen as for `andon ack`.'
            'oncall:Print who is on call now and who is next, from the configuration'\''s schedule.'
            'call:Raise a call (material, quality, help...), or list the open calls.'
            'arrive:Say a responder is at the station of a call: its clock stops.'
            'close:Close a call, with a note of what was done.'
            'gate:Say whether a deploy may go: exit 0 ship, 1 warn, 2 stop, with the reason.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        board|check|snapshot|replay|report|doctor|rules|queries|profiles|init|ack|unack|oncall|call|arrive|close|gate|help)
            "_andon_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_andon_board() {
    local -i ret=1
    local -ar ___bell=('critical' 'all' 'off')
    local -ar ___kiosk_alarm=('invert' 'flash' 'none')
    local -ar ___range=('1h' '6h' '24h' '7d')
    local -ar ___log_format=('text' 'json')
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--at[The instant\: RFC 3339 (2026-11-29T03\:00\:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).]:time:'
        '--refresh[Seconds between refreshes (default 15, or the config).]:seconds:'
        '--bell[Ring the bell for newly firing alerts\: critical, all or off (default critical, or the config).]:when:{__andon_complete "${___bell[@]}"}'
        '--kiosk[Kiosk mode\: no input needed; cycles through what is not green; type quit to leave.]'
        '--dwell[Seconds each view stays in kiosk mode (default 15, or the config).]:seconds:'
        '--kiosk-alarm[Red tiles in kiosk mode\: invert, flash or none.]:style:{__andon_complete "${___kiosk_alarm[@]}"}'
        '--record[Also record the screen into FILE, an asciicast v2 recording (asciinema play FILE).]:file:'
        '--title[The board'\''s title, e.g. "Line 3 · Final assembly".]:text:'
        '--theme[Theme\: default, light, high-contrast, colorblind, monochrome, or a file.]:name:'
        '--range[Trend and status-history range\: 1h, 6h, 24h or 7d (default 24h, or the config; on the board, key t cycles).]:range:{__andon_complete "${___range[@]}"}'
        '--ascii[Only ASCII characters, whatever the locale.]'
        '--heartbeat[Serve the board'\''s own metrics (its heartbeat) on HOST\:PORT, e.g. 127.0.0.1\:9780; overrides heartbeat\:.]:address:'
        '--log[Log what the board sees (status changes, alerts, acks, escalations, sources, reloads) to FILE, or to standard error with '\''stderr'\'' (the journal, under systemd); overrides log\:.]:file:'
        '--log-format[The log'\''s lines\: text (key=value) or json (default text, or the config).]:format:{__andon_complete "${___log_format[@]}"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_check() {
    local -i ret=1
    local -ar ___principle=('jidoka' 'kanban' 'andon' 'kaizen' 'heijunka' 'tracing')
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--at[The instant\: RFC 3339 (2026-11-29T03\:00\:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).]:time:'
        '--json[Print one JSON object instead of text.]'
        '*--principle[Check only this principle (repeatable)\: jidoka, kanban, andon, kaizen, heijunka, tracing.]:id:{__andon_complete "${___principle[@]}"}'
        '--ignore-pending[Leave pending alerts out of the summary.]'
        '--max-alerts[The most alerts --json lists (default 1000); alerts_left_out counts the rest.]:count:'
        '--alarm-health[Judge the alerting of a window against the alarm-health targets instead.]'
        '--since[With --alarm-health\: the window, the last DURATION (default 24h).]:duration:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_snapshot() {
    local -i ret=1
    local -ar ___color=('auto' 'always' 'never')
    local -ar ___principle=('jidoka' 'kanban' 'andon' 'kaizen' 'heijunka' 'tracing')
    local -ar ___range=('1h' '6h' '24h' '7d')
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--at[The instant\: RFC 3339 (2026-11-29T03\:00\:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).]:time:'
        '--width[Columns (default\: the terminal'\''s width, else $COLUMNS, else 100).]:n:'
        '--color[Colour\: auto, always or never.]:when:{__andon_complete "${___color[@]}"}'
        '--principle[Render this principle'\''s drill-down instead of the overview\: jidoka, kanban, andon, kaizen, heijunka, tracing.]:id:{__andon_complete "${___principle[@]}"}'
        '--json[Print one JSON object instead of text\: check --json'\''s members, and the drill-down'\''s panels.]'
        '--title[The board'\''s title, e.g. "Line 3 · Final assembly".]:text:'
        '--theme[Theme\: default, light, high-contrast, colorblind, monochrome, or a file.]:name:'
        '--range[Trend and status-history range\: 1h, 6h, 24h or 7d (default 24h, or the config; on the board, key t cycles).]:range:{__andon_complete "${___range[@]}"}'
        '--ascii[Only ASCII characters, whatever the locale.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_replay() {
    local -i ret=1
    local -ar ___range=('1h' '6h' '24h' '7d')
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--from[The window'\''s start\: RFC 3339, seconds since the epoch, or a time ago (-8h).]:time:'
        '--to[The window'\''s end (default now), as --from.]:time:'
        '--speed[Seconds of the past per second (default 60).]:n:'
        '--record[Also record the screen into FILE, an asciicast v2 recording (asciinema play FILE).]:file:'
        '--title[The board'\''s title, e.g. "Line 3 · Final assembly".]:text:'
        '--theme[Theme\: default, light, high-contrast, colorblind, monochrome, or a file.]:name:'
        '--range[Trend and status-history range\: 1h, 6h, 24h or 7d (default 24h, or the config; on the board, key t cycles).]:range:{__andon_complete "${___range[@]}"}'
        '--ascii[Only ASCII characters, whatever the locale.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_report() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--since[The window\: the last DURATION (default 8h).]:duration:'
        '--from[The window'\''s start\: RFC 3339, seconds since the epoch, or a time ago (-8h).]:time:'
        '--to[The window'\''s end (default now), as --from.]:time:'
        '--step[Resolution\: the headlines are read every DURATION (default 15s; at most 11,000 steps).]:duration:'
        '--text[Text for a terminal (the default).]'
        '--markdown[Markdown, to paste into a ticket or a chat.]'
        '--json[One JSON object\: the same facts, times in RFC 3339, durations in seconds.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_doctor() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--json[Print one JSON object instead of text.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_rules() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--for[How long a colour must hold before its alert fires (Prometheus duration).]:duration:'
        '--group[The rule group'\''s name.]:name:'
        '--tests[Print promtool unit tests of the rules instead of the rules.]'
        '--rules-file[With --tests\: the rules file the tests load, relative to the tests file.]:file:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_queries() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--json[Print a JSON array of {principle, panel, kind, query} instead of lines.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_profiles() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--json[Print one JSON object instead of text.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_init() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--output[Where to write (- for standard output).]:file:'
        '--force[Overwrite the file if it exists.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_ack() {
    local -i ret=1
    local -ar ___principle=('jidoka' 'kanban' 'andon' 'kaizen' 'heijunka' 'tracing')
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        ':alertname:'
        '--principle[The alerts of one principle (by the profile'\''s alert matchers).]:id:{__andon_complete "${___principle[@]}"}'
        '*--match[A label matcher the alerts must satisfy, e.g. '\''queue_name="orders"'\'' (repeatable; =, !=, =~, !~).]:matcher:'
        '--for[How long the acknowledgement lasts (default\: ack_for, 1h).]:duration:'
        '--comment[Why, or what is being done.]:text:'
        '--list[List the acknowledgements in force instead.]'
        '--cleared[Acknowledge the cleared reds the boards show latched (of --principle, or all), not alerts.]'
        '--json[With --list\: one JSON object.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_unack() {
    local -i ret=1
    local -ar ___principle=('jidoka' 'kanban' 'andon' 'kaizen' 'heijunka' 'tracing')
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        ':alertname:'
        '--principle[The alerts of one principle (by the profile'\''s alert matchers).]:id:{__andon_complete "${___principle[@]}"}'
        '*--match[A label matcher the alerts must satisfy, e.g. '\''queue_name="orders"'\'' (repeatable; =, !=, =~, !~).]:matcher:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_oncall() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--at[The instant\: RFC 3339 (2026-11-29T03\:00\:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).]:time:'
        '--json[Print one JSON object instead of text.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_call() {
    local -i ret=1
    local -ar arg_specs=(
        ':type:'
        '--note[What is wrong, in a few words.]:text:'
        '--list[List the open calls instead.]'
        '--json[With --list\: one JSON object.]'
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_arrive() {
    local -i ret=1
    local -ar arg_specs=(
        ':id:'
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_close() {
    local -i ret=1
    local -ar arg_specs=(
        ':id:'
        '--note[What was done.]:text:'
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_gate() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[Configuration file (YAML).]:file:'
        '--profile[The profile\: what every principle reads (a built-in name such as tps, or a file).]:profile:'
        '*--var[A profile variable'\''s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).]:name=value:'
        '--prometheus[Prometheus base URL (overrides the config).]:url:'
        '--timeout[Seconds before a request gives up.]:seconds:'
        '--alertmanager[Alertmanager base URL (overrides the config)\: alerts with their silences and acknowledgements.]:url:'
        '--line[Of a plant (lines\: in the configuration), this line only.]:name:'
        '--policy[The gate'\''s policy (YAML).]:file:'
        '--json[Print one JSON object instead of text.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_andon_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _andon ]]; then
    _andon "${@}"
else
    compdef _andon andon
fi
