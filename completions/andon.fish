function __andon_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __andon_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __andon_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __andon_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __andon_parse_tokens -S
    set -l unparsed_tokens (__andon_tokens -pc)
    switch $unparsed_tokens[1]
    case 'andon'
        __andon_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'board'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'alertmanager=' 'line=' 'at=' 'refresh=' 'bell=' 'kiosk' 'dwell=' 'kiosk-alarm=' 'record=' 'title=' 'theme=' 'range=' 'ascii' 'heartbeat=' 'log=' 'log-format=' 'version' 'h/help'
        case 'check'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'alertmanager=' 'line=' 'at=' 'json' 'principle=+' 'ignore-pending' 'max-alerts=' 'alarm-health' 'since=' 'version' 'h/help'
        case 'snapshot'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'alertmanager=' 'line=' 'at=' 'width=' 'color=' 'principle=' 'json' 'title=' 'theme=' 'range=' 'ascii' 'version' 'h/help'
        case 'replay'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'line=' 'from=' 'to=' 'speed=' 'record=' 'title=' 'theme=' 'range=' 'ascii' 'version' 'h/help'
        case 'report'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'alertmanager=' 'line=' 'since=' 'from=' 'to=' 'step=' 'text' 'markdown' 'json' 'version' 'h/help'
        case 'doctor'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'alertmanager=' 'line=' 'json' 'version' 'h/help'
        case 'rules'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'line=' 'for=' 'group=' 'tests' 'rules-file=' 'version' 'h/help'
        case 'queries'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'line=' 'json' 'version' 'h/help'
        case 'profiles'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'json' 'version' 'h/help'
        case 'init'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'alertmanager=' 'output=' 'force' 'version' 'h/help'
        case 'ack'
            __andon_parse_subcommand 1 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'alertmanager=' 'line=' 'principle=' 'match=+' 'for=' 'comment=' 'list' 'cleared' 'json' 'version' 'h/help'
        case 'unack'
            __andon_parse_subcommand 1 'config=' 'profile=' 'var=+' 'alertmanager=' 'line=' 'principle=' 'match=+' 'version' 'h/help'
        case 'oncall'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'at=' 'json' 'version' 'h/help'
        case 'call'
            __andon_parse_subcommand 1 'note=' 'list' 'json' 'config=' 'profile=' 'var=+' 'alertmanager=' 'line=' 'version' 'h/help'
        case 'arrive'
            __andon_parse_subcommand 1 'config=' 'profile=' 'var=+' 'alertmanager=' 'line=' 'version' 'h/help'
        case 'close'
            __andon_parse_subcommand 1 'note=' 'config=' 'profile=' 'var=+' 'alertmanager=' 'line=' 'version' 'h/help'
        case 'gate'
            __andon_parse_subcommand 0 'config=' 'profile=' 'var=+' 'prometheus=' 'timeout=' 'alertmanager=' 'line=' 'policy=' 'json' 'version' 'h/help'
        case 'help'
            __andon_parse_subcommand -r 1 'version'
        end
    end
end

function __andon_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __andon_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __andon_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __andon_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__andon_tokens -p)
    if test -z "$(__andon_tokens -t)"
        set -l index (count (__andon_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'andon' -f
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'board' -d 'Open the full-screen board (the default command).'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'check' -d 'Refresh once, print a summary and exit 0 green, 1 yellow, 2 red, 3 unknown.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'snapshot' -d 'Print the board once as text and exit with the status of `check` (0/1/2/3).'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'replay' -d 'Play the board through a past window: tiles, culprits, alerts and drill-downs as they were.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'report' -d 'Print the handover digest of a window: time in each status, reds, alerts, acks, what is open.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'doctor' -d 'Check everything between andon and the board\'s numbers; print the fix for each fault.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'rules' -d 'Print Prometheus alerting rules that fire where the board turns yellow or red.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'queries' -d 'List every PromQL query the board issues, by principle and panel.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'profiles' -d 'List the built-in profiles; with a Prometheus, which fit it and what each would supply.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'init' -d 'Write a commented configuration for what a Prometheus exports.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'ack' -d 'Acknowledge firing alerts in Alertmanager, or list the acknowledgements in force.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'unack' -d 'End acknowledgements: expire the ack silences of the alerts chosen as for `andon ack`.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'oncall' -d 'Print who is on call now and who is next, from the configuration\'s schedule.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'call' -d 'Raise a call (material, quality, help...), or list the open calls.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'arrive' -d 'Say a responder is at the station of a call: its clock stops.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'close' -d 'Close a call, with a note of what was done.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'gate' -d 'Say whether a deploy may go: exit 0 ship, 1 warn, 2 stop, with the reason.'
complete -c 'andon' -n '__andon_should_offer_completions_for_positional "andon" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" at' -l 'at' -d 'The instant: RFC 3339 (2026-11-29T03:00:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" refresh' -l 'refresh' -d 'Seconds between refreshes (default 15, or the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" bell' -l 'bell' -d 'Ring the bell for newly firing alerts: critical, all or off (default critical, or the config).' -rfka 'critical all off'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" kiosk' -l 'kiosk' -d 'Kiosk mode: no input needed; cycles through what is not green; type quit to leave.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" dwell' -l 'dwell' -d 'Seconds each view stays in kiosk mode (default 15, or the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" kiosk-alarm' -l 'kiosk-alarm' -d 'Red tiles in kiosk mode: invert, flash or none.' -rfka 'invert flash none'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" record' -l 'record' -d 'Also record the screen into FILE, an asciicast v2 recording (asciinema play FILE).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" title' -l 'title' -d 'The board\'s title, e.g. "Line 3 · Final assembly".' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" theme' -l 'theme' -d 'Theme: default, light, high-contrast, colorblind, monochrome, or a file.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" range' -l 'range' -d 'Trend and status-history range: 1h, 6h, 24h or 7d (default 24h, or the config; on the board, key t cycles).' -rfka '1h 6h 24h 7d'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" ascii' -l 'ascii' -d 'Only ASCII characters, whatever the locale.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" heartbeat' -l 'heartbeat' -d 'Serve the board\'s own metrics (its heartbeat) on HOST:PORT, e.g. 127.0.0.1:9780; overrides heartbeat:.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" log' -l 'log' -d 'Log what the board sees (status changes, alerts, acks, escalations, sources, reloads) to FILE, or to standard error with \'stderr\' (the journal, under systemd); overrides log:.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" log-format' -l 'log-format' -d 'The log\'s lines: text (key=value) or json (default text, or the config).' -rfka 'text json'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon board" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" at' -l 'at' -d 'The instant: RFC 3339 (2026-11-29T03:00:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" json' -l 'json' -d 'Print one JSON object instead of text.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check"' -l 'principle' -d 'Check only this principle (repeatable): jidoka, kanban, andon, kaizen, heijunka, tracing.' -rfka 'jidoka kanban andon kaizen heijunka tracing'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" ignore-pending' -l 'ignore-pending' -d 'Leave pending alerts out of the summary.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" max-alerts' -l 'max-alerts' -d 'The most alerts --json lists (default 1000); alerts_left_out counts the rest.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" alarm-health' -l 'alarm-health' -d 'Judge the alerting of a window against the alarm-health targets instead.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" since' -l 'since' -d 'With --alarm-health: the window, the last DURATION (default 24h).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" at' -l 'at' -d 'The instant: RFC 3339 (2026-11-29T03:00:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" width' -l 'width' -d 'Columns (default: the terminal\'s width, else $COLUMNS, else 100).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" color' -l 'color' -d 'Colour: auto, always or never.' -rfka 'auto always never'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" principle' -l 'principle' -d 'Render this principle\'s drill-down instead of the overview: jidoka, kanban, andon, kaizen, heijunka, tracing.' -rfka 'jidoka kanban andon kaizen heijunka tracing'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" json' -l 'json' -d 'Print one JSON object instead of text: check --json\'s members, and the drill-down\'s panels.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" title' -l 'title' -d 'The board\'s title, e.g. "Line 3 · Final assembly".' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" theme' -l 'theme' -d 'Theme: default, light, high-contrast, colorblind, monochrome, or a file.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" range' -l 'range' -d 'Trend and status-history range: 1h, 6h, 24h or 7d (default 24h, or the config; on the board, key t cycles).' -rfka '1h 6h 24h 7d'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" ascii' -l 'ascii' -d 'Only ASCII characters, whatever the locale.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon snapshot" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" from' -l 'from' -d 'The window\'s start: RFC 3339, seconds since the epoch, or a time ago (-8h).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" to' -l 'to' -d 'The window\'s end (default now), as --from.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" speed' -l 'speed' -d 'Seconds of the past per second (default 60).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" record' -l 'record' -d 'Also record the screen into FILE, an asciicast v2 recording (asciinema play FILE).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" title' -l 'title' -d 'The board\'s title, e.g. "Line 3 · Final assembly".' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" theme' -l 'theme' -d 'Theme: default, light, high-contrast, colorblind, monochrome, or a file.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" range' -l 'range' -d 'Trend and status-history range: 1h, 6h, 24h or 7d (default 24h, or the config; on the board, key t cycles).' -rfka '1h 6h 24h 7d'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" ascii' -l 'ascii' -d 'Only ASCII characters, whatever the locale.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon replay" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" since' -l 'since' -d 'The window: the last DURATION (default 8h).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" from' -l 'from' -d 'The window\'s start: RFC 3339, seconds since the epoch, or a time ago (-8h).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" to' -l 'to' -d 'The window\'s end (default now), as --from.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" step' -l 'step' -d 'Resolution: the headlines are read every DURATION (default 15s; at most 11,000 steps).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" text' -l 'text' -d 'Text for a terminal (the default).'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" markdown' -l 'markdown' -d 'Markdown, to paste into a ticket or a chat.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" json' -l 'json' -d 'One JSON object: the same facts, times in RFC 3339, durations in seconds.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" json' -l 'json' -d 'Print one JSON object instead of text.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" for' -l 'for' -d 'How long a colour must hold before its alert fires (Prometheus duration).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" group' -l 'group' -d 'The rule group\'s name.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" tests' -l 'tests' -d 'Print promtool unit tests of the rules instead of the rules.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" rules-file' -l 'rules-file' -d 'With --tests: the rules file the tests load, relative to the tests file.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon rules" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries" json' -l 'json' -d 'Print a JSON array of {principle, panel, kind, query} instead of lines.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon queries" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon profiles" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon profiles" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon profiles"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon profiles" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon profiles" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon profiles" json' -l 'json' -d 'Print one JSON object instead of text.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon profiles" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon profiles" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" output' -l 'output' -d 'Where to write (- for standard output).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" force' -l 'force' -d 'Overwrite the file if it exists.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" principle' -l 'principle' -d 'The alerts of one principle (by the profile\'s alert matchers).' -rfka 'jidoka kanban andon kaizen heijunka tracing'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack"' -l 'match' -d 'A label matcher the alerts must satisfy, e.g. \'queue_name="orders"\' (repeatable; =, !=, =~, !~).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" for' -l 'for' -d 'How long the acknowledgement lasts (default: ack_for, 1h).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" comment' -l 'comment' -d 'Why, or what is being done.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" list' -l 'list' -d 'List the acknowledgements in force instead.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" cleared' -l 'cleared' -d 'Acknowledge the cleared reds the boards show latched (of --principle, or all), not alerts.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" json' -l 'json' -d 'With --list: one JSON object.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon ack" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack" principle' -l 'principle' -d 'The alerts of one principle (by the profile\'s alert matchers).' -rfka 'jidoka kanban andon kaizen heijunka tracing'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack"' -l 'match' -d 'A label matcher the alerts must satisfy, e.g. \'queue_name="orders"\' (repeatable; =, !=, =~, !~).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon unack" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon oncall" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon oncall" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon oncall"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon oncall" at' -l 'at' -d 'The instant: RFC 3339 (2026-11-29T03:00:00Z), seconds since the epoch, or a time ago (-2h, -90m, -1d).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon oncall" json' -l 'json' -d 'Print one JSON object instead of text.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon oncall" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon oncall" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" note' -l 'note' -d 'What is wrong, in a few words.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" list' -l 'list' -d 'List the open calls instead.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" json' -l 'json' -d 'With --list: one JSON object.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon call" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon arrive" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon arrive" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon arrive"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon arrive" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon arrive" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon arrive" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon arrive" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon close" note' -l 'note' -d 'What was done.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon close" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon close" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon close"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon close" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon close" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon close" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon close" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" config' -l 'config' -d 'Configuration file (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" profile' -l 'profile' -d 'The profile: what every principle reads (a built-in name such as tps, or a file).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate"' -l 'var' -d 'A profile variable\'s value, e.g. line=3 (repeatable; several for one name, or name=*, for all).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" prometheus' -l 'prometheus' -d 'Prometheus base URL (overrides the config).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" timeout' -l 'timeout' -d 'Seconds before a request gives up.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" alertmanager' -l 'alertmanager' -d 'Alertmanager base URL (overrides the config): alerts with their silences and acknowledgements.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" line' -l 'line' -d 'Of a plant (lines: in the configuration), this line only.' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" policy' -l 'policy' -d 'The gate\'s policy (YAML).' -rfka ''
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" json' -l 'json' -d 'Print one JSON object instead of text.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" version' -l 'version' -d 'Show the version.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon gate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'andon' -n '__andon_should_offer_completions_for_flags_or_options "andon help" version' -l 'version' -d 'Show the version.'
