function __gitsops_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __gitsops_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __gitsops_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __gitsops_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __gitsops_parse_tokens -S
    set -l unparsed_tokens (__gitsops_tokens -pc)
    switch $unparsed_tokens[1]
    case 'gitsops'
        __gitsops_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'demo'
            __gitsops_parse_subcommand 0 'keep' 'version' 'h/help'
        case 'init'
            __gitsops_parse_subcommand 0 'pattern=+' 'age=+' 'version' 'h/help'
        case 'keygen'
            __gitsops_parse_subcommand 0 'o/output=' 'version' 'h/help'
        case 'encrypt'
            __gitsops_parse_subcommand 1 'i/in-place' 'filename-override=' 'input-type=' 'output-type=' 'indent=' 'age=+' 'pgp=+' 'encrypted-regex=' 'unencrypted-regex=' 'encrypted-suffix=' 'unencrypted-suffix=' 'encrypted-comment-regex=' 'unencrypted-comment-regex=' 'mac-only-encrypted' 'shamir-secret-sharing-threshold=' 'config=' 'version' 'h/help'
        case 'decrypt'
            __gitsops_parse_subcommand 1 'i/in-place' 'filename-override=' 'input-type=' 'output-type=' 'indent=' 'extract=' 'ignore-mac' 'version' 'h/help'
        case 'filter-process'
            __gitsops_parse_subcommand 0 'version' 'h/help'
        case 'clean'
            __gitsops_parse_subcommand 1 'version' 'h/help'
        case 'smudge'
            __gitsops_parse_subcommand 1 'version' 'h/help'
        case 'textconv'
            __gitsops_parse_subcommand 1 'version' 'h/help'
        case 'merge-driver'
            __gitsops_parse_subcommand 4 'marker-size=' 'base-label=' 'ours-label=' 'theirs-label=' 'version' 'h/help'
        case 'check'
            __gitsops_parse_subcommand -r 1 'staged' 'rev=+' 'history' 'q/quiet' 'version' 'h/help'
        case 'updatekeys'
            __gitsops_parse_subcommand -r 1 'version' 'h/help'
        case 'rotate'
            __gitsops_parse_subcommand -r 1 'version' 'h/help'
        case 'lock'
            __gitsops_parse_subcommand 0 'force' 'version' 'h/help'
        case 'unlock'
            __gitsops_parse_subcommand 0 'version' 'h/help'
        case 'doctor'
            __gitsops_parse_subcommand 0 'version' 'h/help'
        case 'ls'
            __gitsops_parse_subcommand -r 1 'rev=' 'json' 'no-access-check' 'version' 'h/help'
        case 'cluster'
            __gitsops_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __gitsops_parse_subcommand 1 'dir=' 'kms=+' 'role=' 'context=+' 'aws-profile=' 'gcp-kms=+' 'azure-kv=+' 'age=+' 'pgp=+' 'version' 'h/help'
            case 'flux'
                __gitsops_parse_subcommand 1 'dir=' 'flux-role=' 'kiam-role=' 'namespace=' 'source=' 'decryption-secret=' 'version' 'h/help'
            end
        case 'help'
            __gitsops_parse_subcommand -r 1 'version'
        end
    end
end

function __gitsops_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __gitsops_parse_subcommand -S -a positional_count
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

function __gitsops_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __gitsops_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__gitsops_tokens -p)
    if test -z "$(__gitsops_tokens -t)"
        set -l index (count (__gitsops_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'gitsops' -f
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'demo' -d 'Show the end-to-end story of gitsops in a temporary directory, step by step.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'init' -d 'Set up this repository: attributes, git config, hooks and .sops.yaml.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'keygen' -d 'Generate an age identity for SOPS (written with mode 0600; never overwrites).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'encrypt' -d 'Encrypt a file into a SOPS document (keys and rules from .sops.yaml).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'decrypt' -d 'Decrypt a SOPS document to stdout (or in place).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'filter-process' -d 'Serve git\'s long-running filter protocol on stdin and stdout.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'clean' -d 'Encrypt one file from stdin to stdout, as git\'s clean filter.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'smudge' -d 'Decrypt one file from stdin to stdout, as git\'s smudge filter.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'textconv' -d 'Print a file decrypted, for git diff, git log -p and git show.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'merge-driver' -d 'Merge three versions of an encrypted file, as git\'s merge driver.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'check' -d 'Check that every filtered file is encrypted and keyed per its .sops.yaml rule.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'updatekeys' -d 'Re-encrypt the data keys of filtered files for their current .sops.yaml keys.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'rotate' -d 'Re-encrypt filtered files with a new data key.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'lock' -d 'Replace the decrypted secrets in the working tree by their ciphertext.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'unlock' -d 'Decrypt the secrets that the working tree holds encrypted.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'doctor' -d 'Say what is configured, what is missing, and how to fix each gap.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'ls' -d 'List every filtered file with its .sops.yaml rule, its keys and whether you can decrypt it.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'cluster' -d 'Set up a cluster\'s secrets directory: its .sops.yaml rule and its Flux manifests.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops demo" keep' -l 'keep' -d 'Keep the temporary directory and print its path.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops demo" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops demo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops init"' -l 'pattern' -d 'A .gitattributes pattern to encrypt (repeatable; default: the patterns .gitattributes already routes to gitsops, else secrets/**).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops init"' -l 'age' -d 'An age recipient for the new .sops.yaml rule (repeatable).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops init" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops keygen" o output' -s 'o' -l 'output' -d 'Write the identity here.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops keygen" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops keygen" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" i in-place' -s 'i' -l 'in-place' -d 'Write the result back to the file (atomically).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" filename-override' -l 'filename-override' -d 'Use this path to pick the format and the .sops.yaml rule (for stdin).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" input-type' -l 'input-type' -d 'Input format: yaml, json, dotenv, ini or binary (default: by extension).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" output-type' -l 'output-type' -d 'Output format (default: the input format).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" indent' -l 'indent' -d 'Indentation of YAML/JSON output (overrides .sops.yaml stores).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt"' -l 'age' -d 'age recipients (comma-separated or repeated).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt"' -l 'pgp' -d 'PGP fingerprints (comma-separated or repeated).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" encrypted-regex' -l 'encrypted-regex' -d 'Encrypt only values under keys matching this regex.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" unencrypted-regex' -l 'unencrypted-regex' -d 'Leave values under keys matching this regex in clear.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" encrypted-suffix' -l 'encrypted-suffix' -d 'Encrypt only values under keys with this suffix.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" unencrypted-suffix' -l 'unencrypted-suffix' -d 'Leave values under keys with this suffix in clear.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" encrypted-comment-regex' -l 'encrypted-comment-regex' -d 'Encrypt only values after comments matching this regex.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" unencrypted-comment-regex' -l 'unencrypted-comment-regex' -d 'Leave values after comments matching this regex in clear.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" mac-only-encrypted' -l 'mac-only-encrypted' -d 'Authenticate only the encrypted values in the MAC.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" shamir-secret-sharing-threshold' -l 'shamir-secret-sharing-threshold' -d 'Key groups needed to decrypt.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" config' -l 'config' -d 'Use this .sops.yaml instead of searching for one.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops encrypt" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" i in-place' -s 'i' -l 'in-place' -d 'Write the result back to the file (atomically).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" filename-override' -l 'filename-override' -d 'Use this path to pick the format and the .sops.yaml rule (for stdin).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" input-type' -l 'input-type' -d 'Input format: yaml, json, dotenv, ini or binary (default: by extension).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" output-type' -l 'output-type' -d 'Output format (default: the input format).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" indent' -l 'indent' -d 'Indentation of YAML/JSON output (overrides .sops.yaml stores).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" extract' -l 'extract' -d 'Print only this part of the tree, e.g. \'["data"]["password"]\'.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" ignore-mac' -l 'ignore-mac' -d 'Do not verify the MAC (decrypt a file whose values were changed or whose MAC is missing).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops decrypt" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops filter-process" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops filter-process" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops clean" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops clean" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops smudge" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops smudge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops textconv" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops textconv" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops merge-driver" marker-size' -l 'marker-size' -d 'Length of conflict markers (git\'s %L).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops merge-driver" base-label' -l 'base-label' -d 'Conflict label of the common ancestor (git\'s %S).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops merge-driver" ours-label' -l 'ours-label' -d 'Conflict label of our side (git\'s %X; default HEAD).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops merge-driver" theirs-label' -l 'theirs-label' -d 'Conflict label of their side (git\'s %Y; default: the branch git merge names).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops merge-driver" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops merge-driver" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops check" staged' -l 'staged' -d 'Check the staged files (the default).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops check"' -l 'rev' -d 'Check the files of this commit instead (repeatable).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops check" history' -l 'history' -d 'Scan history instead: every commit reachable from the refs, or from the revisions and ranges given as arguments.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops check" q quiet' -l 'quiet' -s 'q' -d 'Print nothing when every file passes (the hooks\' mode).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops check" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops updatekeys" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops updatekeys" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops rotate" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops rotate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops lock" force' -l 'force' -d 'Lock even with uncommitted changes (unstaged changes are lost).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops lock" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops lock" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops unlock" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops unlock" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops doctor" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops ls" rev' -l 'rev' -d 'List the files of this commit instead of the staged ones.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops ls" json' -l 'json' -d 'Print JSON.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops ls" no-access-check' -l 'no-access-check' -d 'Do not try this user\'s keys (no KMS calls, nothing unwrapped).'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops ls" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops ls" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops cluster" -eq 1' -fa 'add' -d 'Add the .sops.yaml creation rule for a cluster\'s secrets directory.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_positional "gitsops cluster" -eq 1' -fa 'flux' -d 'Print the Flux manifests that deploy and decrypt a cluster\'s secrets directory.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add" dir' -l 'dir' -d 'The cluster\'s directory, relative to the top of the repository.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add"' -l 'kms' -d 'An AWS KMS key ARN (repeatable).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add" role' -l 'role' -d 'The IAM role assumed for the KMS keys (the role Flux uses).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add"' -l 'context' -d 'A KMS encryption context entry (repeatable).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add" aws-profile' -l 'aws-profile' -d 'The AWS profile for the KMS keys.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add"' -l 'gcp-kms' -d 'A GCP KMS key resource ID (repeatable).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add"' -l 'azure-kv' -d 'An Azure Key Vault key URL (repeatable).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add"' -l 'age' -d 'An age recipient (repeatable).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add"' -l 'pgp' -d 'A PGP fingerprint (repeatable).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster flux" dir' -l 'dir' -d 'The cluster\'s directory, relative to the top of the repository.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster flux" flux-role' -l 'flux-role' -d 'The IAM role for kustomize-controller\'s ServiceAccount (IRSA).' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster flux" kiam-role' -l 'kiam-role' -d 'The IAM role kiam gives kustomize-controller\'s pods.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster flux" namespace' -l 'namespace' -d 'Flux\'s namespace.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster flux" source' -l 'source' -d 'The GitRepository the Kustomization reads.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster flux" decryption-secret' -l 'decryption-secret' -d 'The Secret holding age (.agekey) or PGP (.asc) keys, for clusters without a cloud key.' -rfka ''
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster flux" version' -l 'version' -d 'Show the version.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops cluster flux" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'gitsops' -n '__gitsops_should_offer_completions_for_flags_or_options "gitsops help" version' -l 'version' -d 'Show the version.'
