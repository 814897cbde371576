// help-oracle.go: writes the help texts that kingpin v2 (the Go aws-vault's
// command-line library) prints for *our* flag and command tables, to make
// the expected files of t0011-cli-help.sh.  It runs kingpin's own
// DefaultUsageTemplate with Go's text/template, Go's doc.ToText for the
// wrapping and copies of kingpin's formatTwoColumns, formatFlag and
// FlagSummary (kingpin v2 usage.go and model.go, MIT licence); only the
// tables below are ours, copied from src/cmd/*.c.  Not run by meson (it
// needs a Go toolchain):
//
//	go run tests/data/cli/help-oracle.go tests/data/cli
package main

import (
	"bytes"
	"fmt"
	"go/doc"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
)

// The kingpin v2 DefaultUsageTemplate, verbatim.
const usageTemplate = `{{define "FormatCommand" -}}
{{if .FlagSummary}} {{.FlagSummary}}{{end -}}
{{range .Args}}{{if not .Hidden}} {{if not .Required}}[{{end}}{{if .PlaceHolder}}{{.PlaceHolder}}{{else}}<{{.Name}}>{{end}}{{if .Value|IsCumulative}}...{{end}}{{if not .Required}}]{{end}}{{end}}{{end -}}
{{end -}}

{{define "FormatCommands" -}}
{{range .FlattenedCommands -}}
{{if not .Hidden -}}
  {{.FullCommand}}{{if .Default}}*{{end}}{{template "FormatCommand" .}}
{{.Help|Wrap 4}}
{{end -}}
{{end -}}
{{end -}}

{{define "FormatUsage" -}}
{{template "FormatCommand" .}}{{if .Commands}} <command> [<args> ...]{{end}}
{{if .Help}}
{{.Help|Wrap 0 -}}
{{end -}}

{{end -}}

{{if .Context.SelectedCommand -}}
usage: {{.App.Name}} {{.Context.SelectedCommand}}{{template "FormatUsage" .Context.SelectedCommand}}
{{ else -}}
usage: {{.App.Name}}{{template "FormatUsage" .App}}
{{end}}
{{if .Context.Flags -}}
Flags:
{{.Context.Flags|FlagsToTwoColumns|FormatTwoColumns}}
{{end -}}
{{if .Context.Args -}}
Args:
{{.Context.Args|ArgsToTwoColumns|FormatTwoColumns}}
{{end -}}
{{if .Context.SelectedCommand -}}
{{if len .Context.SelectedCommand.Commands -}}
Subcommands:
{{template "FormatCommands" .Context.SelectedCommand}}
{{end -}}
{{else if .App.Commands -}}
Commands:
{{template "FormatCommands" .App}}
{{end -}}
`

// The kingpin v2 LongHelpTemplate (--help-long), verbatim.
const longHelpTemplate = `{{define "FormatCommand" -}}
{{if .FlagSummary}} {{.FlagSummary}}{{end -}}
{{range .Args}}{{if not .Hidden}} {{if not .Required}}[{{end}}{{if .PlaceHolder}}{{.PlaceHolder}}{{else}}<{{.Name}}>{{end}}{{if .Value|IsCumulative}}...{{end}}{{if not .Required}}]{{end}}{{end}}{{end -}}
{{end -}}

{{define "FormatCommands" -}}
{{range .FlattenedCommands -}}
{{if not .Hidden -}}
  {{.FullCommand}}{{template "FormatCommand" .}}
{{.Help|Wrap 4}}
{{with .Flags|FlagsToTwoColumns}}{{FormatTwoColumnsWithIndent . 4 2}}{{end}}
{{end -}}
{{end -}}
{{end -}}

{{define "FormatUsage" -}}
{{template "FormatCommand" .}}{{if .Commands}} <command> [<args> ...]{{end}}
{{if .Help}}
{{.Help|Wrap 0 -}}
{{end -}}

{{end -}}

usage: {{.App.Name}}{{template "FormatUsage" .App}}
{{if .Context.Flags -}}
Flags:
{{.Context.Flags|FlagsToTwoColumns|FormatTwoColumns}}
{{end -}}
{{if .Context.Args -}}
Args:
{{.Context.Args|ArgsToTwoColumns|FormatTwoColumns}}
{{end -}}
{{if .App.Commands -}}
Commands:
{{template "FormatCommands" .App}}
{{end -}}
`

// The kingpin v2 ManPageTemplate (--help-man), verbatim.
const manPageTemplate = `{{define "FormatFlags" -}}
{{range .Flags -}}
{{if not .Hidden -}}
.TP
\fB{{if .Short}}-{{.Short|Char}}, {{end}}--{{.Name}}{{if not .IsBoolFlag}}={{.FormatPlaceHolder}}{{end -}}\fR
{{.Help}}
{{end -}}
{{end -}}
{{end -}}

{{define "FormatCommand" -}}
{{if .FlagSummary}} {{.FlagSummary}}{{end -}}
{{range .Args}}{{if not .Hidden}} {{if not .Required}}[{{end}}{{if .PlaceHolder}}{{.PlaceHolder}}{{else}}<{{.Name}}>{{end}}{{if .Value|IsCumulative}}...{{end}}{{if not .Required}}]{{end}}{{end}}{{end -}}
{{end -}}

{{define "FormatCommands" -}}
{{range .FlattenedCommands -}}
{{if not .Hidden -}}
.SS
\fB{{.FullCommand}}{{template "FormatCommand" . -}}\fR
.PP
{{.Help}}
{{template "FormatFlags" . -}}
{{end -}}
{{end -}}
{{end -}}

{{define "FormatUsage" -}}
{{template "FormatCommand" .}}{{if .Commands}} <command> [<args> ...]{{end -}}\fR
{{end -}}

.TH {{.App.Name}} 1 {{.App.Version}} "{{.App.Author}}"
.SH "NAME"
{{.App.Name}}
.SH "SYNOPSIS"
.TP
\fB{{.App.Name}}{{template "FormatUsage" .App}}
.SH "DESCRIPTION"
{{.App.Help}}
.SH "OPTIONS"
{{template "FormatFlags" .App -}}
{{if .App.Commands -}}
.SH "COMMANDS"
{{template "FormatCommands" .App -}}
{{end -}}
`

type Flag struct {
	Name, Help, Envar, PlaceHolder string
	Default                        []string
	Short                          rune
	Bool, Quote, Hidden, Required  bool
}

func (f Flag) IsBoolFlag() bool          { return f.Bool }
func (f Flag) FormatPlaceHolder() string { return placeHolder(f) }

type Arg struct {
	Name, Help, PlaceHolder string
	Required, Hidden, Cumul bool
	Value                   bool // IsCumulative reads it
}

type Cmd struct {
	Name, Help  string
	Flags       []Flag
	Args        []Arg
	Hidden      bool
	Default     bool
	Commands    []*Cmd
	FullCommand string
}

func (c *Cmd) String() string { return c.Name }

// kingpin model.go FlagGroupModel.FlagSummary.
func (c *Cmd) FlagSummary() string { return flagSummary(c.Flags) }

func flagSummary(flags []Flag) string {
	out := []string{}
	count := 0
	for _, f := range flags {
		if f.Name != "help" {
			count++
		}
		if f.Required {
			if f.Bool {
				out = append(out, fmt.Sprintf("--[no-]%s", f.Name))
			} else {
				out = append(out, fmt.Sprintf("--%s=%s", f.Name, placeHolder(f)))
			}
		}
	}
	if count != len(out) {
		out = append(out, "[<flags>]")
	}
	return strings.Join(out, " ")
}

type App struct {
	Name, Help        string
	Version, Author   string
	Flags             []Flag
	Args              []Arg
	Commands          []*Cmd
	FlattenedCommands []*Cmd
}

func (a *App) FlagSummary() string { return flagSummary(a.Flags) }

type Context struct {
	SelectedCommand *Cmd
	Flags           []Flag
	Args            []Arg
}

// kingpin model.go FlagModel.FormatPlaceHolder (a string flag's default
// is quoted).
func placeHolder(f Flag) string {
	if f.PlaceHolder != "" {
		return f.PlaceHolder
	}
	if len(f.Default) > 0 {
		if f.Quote {
			return strconv.Quote(f.Default[0])
		}
		return f.Default[0]
	}
	return strings.ToUpper(f.Name)
}

// kingpin usage.go formatFlag.
func formatFlag(haveShort bool, f Flag) string {
	s := ""
	name := f.Name
	if f.Bool {
		name = "[no-]" + name
	}
	if f.Short != 0 {
		s += fmt.Sprintf("-%c, --%s", f.Short, name)
	} else if haveShort {
		s += fmt.Sprintf("    --%s", name)
	} else {
		s += fmt.Sprintf("--%s", name)
	}
	if !f.Bool {
		s += fmt.Sprintf("=%s", placeHolder(f))
	}
	return s
}

// kingpin usage.go formatTwoColumns.
func formatTwoColumns(w io.Writer, indent, padding, width int, rows [][2]string) {
	s := 0
	for _, row := range rows {
		if c := len(row[0]); c > s && c < 30 {
			s = c
		}
	}
	indentStr := strings.Repeat(" ", indent)
	offsetStr := strings.Repeat(" ", s+padding)
	for _, row := range rows {
		buf := bytes.NewBuffer(nil)
		doc.ToText(buf, row[1], "", "  ", width-s-padding-indent)
		lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
		fmt.Fprintf(w, "%s%-*s%*s", indentStr, s, row[0], padding, "")
		if len(row[0]) >= 30 {
			fmt.Fprintf(w, "\n%s%s", indentStr, offsetStr)
		}
		fmt.Fprintf(w, "%s\n", lines[0])
		for _, line := range lines[1:] {
			fmt.Fprintf(w, "%s%s%s\n", indentStr, offsetStr, line)
		}
	}
}

func render(w io.Writer, app *App, ctx *Context, width int) {
	renderTemplate(w, app, ctx, width, usageTemplate)
}

func renderTemplate(w io.Writer, app *App, ctx *Context, width int, tmpl string) {
	const indent = 2
	funcs := template.FuncMap{
		"Wrap": func(indent int, s string) string {
			buf := bytes.NewBuffer(nil)
			in := strings.Repeat(" ", indent)
			doc.ToText(buf, s, in, "  "+in, width-indent)
			return buf.String()
		},
		"FlagsToTwoColumns": func(f []Flag) [][2]string {
			rows := [][2]string{}
			haveShort := false
			for _, fl := range f {
				if fl.Short != 0 {
					haveShort = true
					break
				}
			}
			for _, fl := range f {
				if !fl.Hidden {
					help := fl.Help
					if fl.Envar != "" {
						help = fmt.Sprintf("%s ($%s)", help, fl.Envar)
					}
					rows = append(rows, [2]string{formatFlag(haveShort, fl), help})
				}
			}
			return rows
		},
		"ArgsToTwoColumns": func(a []Arg) [][2]string {
			rows := [][2]string{}
			for _, arg := range a {
				if !arg.Hidden {
					s := "<" + arg.Name + ">"
					if !arg.Required {
						s = "[" + s + "]"
					}
					rows = append(rows, [2]string{s, arg.Help})
				}
			}
			return rows
		},
		"FormatTwoColumns": func(rows [][2]string) string {
			buf := bytes.NewBuffer(nil)
			formatTwoColumns(buf, indent, indent, width, rows)
			return buf.String()
		},
		"FormatTwoColumnsWithIndent": func(rows [][2]string, indent, padding int) string {
			buf := bytes.NewBuffer(nil)
			formatTwoColumns(buf, indent, padding, width, rows)
			return buf.String()
		},
		"Char":         func(c rune) string { return string(c) },
		"IsCumulative": func(v bool) bool { return v },
	}
	t := template.Must(template.New("usage").Funcs(funcs).Parse(tmpl))
	if err := t.Execute(w, struct {
		App     *App
		Width   int
		Context *Context
	}{app, width, ctx}); err != nil {
		panic(err)
	}
}

func main() {
	backends := "[secret-service keyctl pass passage file]"
	globals := []Flag{
		{Name: "help", Bool: true, Help: "Show context-sensitive help (also try --help-long and --help-man)."},
		{Name: "help-long", Bool: true, Hidden: true},
		{Name: "help-man", Bool: true, Hidden: true},
		{Name: "completion-bash", Bool: true, Hidden: true},
		{Name: "completion-script-bash", Bool: true, Hidden: true},
		{Name: "completion-script-zsh", Bool: true, Hidden: true},
		{Name: "version", Short: 'v', Bool: true, Help: "Show application version."},
		{Name: "debug", Bool: true, Help: "Show debugging output"},
		{Name: "backend", Help: "Secret backend to use " + backends, Envar: "AWS_VAULT_BACKEND"},
		{Name: "prompt", Help: "Prompt driver to use [terminal]", Envar: "AWS_VAULT_PROMPT"},
		{Name: "keychain", Help: "Name of macOS keychain to use, if it doesn't exist it will be created", Envar: "AWS_VAULT_KEYCHAIN_NAME", Default: []string{"aws-vault"}, Quote: true},
		{Name: "secret-service-collection", Help: "Name of secret-service collection to use, if it doesn't exist it will be created", Envar: "AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME", Default: []string{"awsvault"}, Quote: true},
		{Name: "pass-dir", Help: "Pass password store directory", Envar: "AWS_VAULT_PASS_PASSWORD_STORE_DIR"},
		{Name: "pass-cmd", Help: "Name of the pass executable", Envar: "AWS_VAULT_PASS_CMD"},
		{Name: "pass-prefix", Help: "Prefix to prepend to the item path stored in pass", Envar: "AWS_VAULT_PASS_PREFIX"},
		{Name: "file-dir", Help: "Directory for the \"file\" password store", Envar: "AWS_VAULT_FILE_DIR", Default: []string{"~/.awsvault/keys/"}, Quote: true},
		{Name: "file-passphrase-ttl", Help: "Remember the \"file\" passphrase in the kernel keyring for this long (0: never)", Envar: "AWS_VAULT_FILE_PASSPHRASE_TTL"},
		{Name: "keyctl-scope", Help: "Kernel keyring that holds the \"keyctl\" store: user, session, process, thread or usersession", Envar: "AWS_VAULT_KEYCTL_SCOPE", Default: []string{"user"}, Quote: true},
		{Name: "op-timeout", Hidden: true},
	}
	profileArg := Arg{Name: "profile", Help: "Name of the profile"}
	sessionFlags := []Flag{
		{Name: "duration", Short: 'd', Help: "Duration of the temporary or assume-role session. Defaults to 1h", Envar: "AWS_VAULT_DURATION"},
		{Name: "no-session", Short: 'n', Bool: true, Help: "Skip creating STS session with GetSessionToken"},
		{Name: "region", Help: "The AWS region"},
		{Name: "mfa-token", Short: 't', Help: "The MFA token to use"},
	}
	stdout := Flag{Name: "stdout", Bool: true, Help: "Print the SSO link to the terminal without automatically opening the browser", Envar: "AWS_VAULT_STDOUT"}
	cmds := []*Cmd{
		{Name: "help", Help: "Show help.", Args: []Arg{{Name: "command", Help: "Show help on command.", Value: true}}},
		{Name: "add", Help: "Add credentials to the secure keystore.",
			Flags: []Flag{
				{Name: "env", Bool: true, Help: "Read the credentials from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"},
				{Name: "add-config", Bool: true, Help: "Add a profile to ~/.aws/config if one doesn't exist", Default: []string{"true"}},
			},
			Args: []Arg{{Name: "profile", Help: "Name of the profile", Required: true}}},
		{Name: "remove", Help: "Remove credentials from the secure keystore.",
			Flags: []Flag{
				{Name: "force", Short: 'f', Bool: true, Help: "Force-remove the profile without a prompt"},
				{Name: "sessions-only", Short: 's', Bool: true, Hidden: true},
			},
			Args: []Arg{{Name: "profile", Help: "Name of the profile", Required: true}}},
		{Name: "migrate-backend", Help: "Migrate stored credentials between keyring backends.",
			Flags: []Flag{
				{Name: "from", Required: true, Help: "Source keyring backend."},
				{Name: "to", Required: true, Help: "Destination keyring backend."},
				{Name: "profile", Help: "Migrate only this profile."},
				{Name: "dry-run", Bool: true, Help: "Show what would be migrated without writing anything."},
				{Name: "overwrite", Bool: true, Help: "Overwrite destination credentials if they already exist."},
				{Name: "delete-source", Bool: true, Help: "Delete source credentials after successful destination verification."},
			}},
		{Name: "list", Help: "List profiles, along with their credentials and sessions.",
			Flags: []Flag{
				{Name: "profiles", Bool: true, Help: "Show only the profile names"},
				{Name: "sessions", Bool: true, Help: "Show only the session names"},
				{Name: "credentials", Bool: true, Help: "Show only the profiles with stored credential"},
			}},
		{Name: "exec", Help: "Execute a command with AWS credentials.",
			Flags: append(append([]Flag{}, sessionFlags...),
				Flag{Name: "json", Short: 'j', Bool: true, Hidden: true},
				Flag{Name: "server", Short: 's', Bool: true, Help: "Alias for --ecs-server"},
				Flag{Name: "ec2-server", Bool: true, Help: "Run a EC2 metadata server in the background for credentials"},
				Flag{Name: "ecs-server", Bool: true, Help: "Run a ECS credential server in the background for credentials (the SDK or app must support AWS_CONTAINER_CREDENTIALS_FULL_URI)"},
				Flag{Name: "lazy", Bool: true, Help: "When using --ecs-server, lazily fetch credentials"},
				stdout,
				Flag{Name: "profile-env", Bool: true, Help: "Set AWS_PROFILE instead of injecting AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", Envar: "AWS_VAULT_PROFILE_ENV"},
			),
			Args: []Arg{profileArg,
				{Name: "cmd", Help: "Command to execute, defaults to $SHELL"},
				{Name: "args", Help: "Command arguments", Value: true}}},
		{Name: "export", Help: "Export AWS credentials.",
			Flags: append(append([]Flag{}, sessionFlags...),
				Flag{Name: "format", Help: "Format to output credentials. Valid formats: env, export-env, json, ini", Default: []string{"env"}},
				stdout,
			),
			Args: []Arg{profileArg}},
		{Name: "clear", Help: "Clear temporary credentials from the secure keystore.", Args: []Arg{profileArg}},
		{Name: "version", Help: "Print the aws-vault version and build info."},
	}
	for _, c := range cmds {
		c.FullCommand = c.Name
	}
	app := &App{Name: "aws-vault", Version: "@VERSION@", Help: "A vault for securely storing and accessing AWS credentials in development environments.",
		Flags: globals, Commands: cmds, FlattenedCommands: cmds}

	dir := os.Args[1]
	write := func(name string, ctx *Context, width int) {
		var b bytes.Buffer
		render(&b, app, ctx, width)
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			panic(err)
		}
	}
	write("help.txt", &Context{Flags: globals}, 80)
	writeT := func(name, tmpl string) {
		var b bytes.Buffer
		renderTemplate(&b, app, &Context{Flags: globals}, 80, tmpl)
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			panic(err)
		}
	}
	writeT("help-long.txt", longHelpTemplate)
	writeT("help-man.txt", manPageTemplate)
	write("help-100.txt", &Context{Flags: globals}, 100)
	for _, c := range cmds {
		if c.Name == "exec" || c.Name == "export" || c.Name == "add" ||
			c.Name == "clear" || c.Name == "migrate-backend" {
			write("help-"+c.Name+".txt", &Context{SelectedCommand: c,
				Flags: append(append([]Flag{}, globals...), c.Flags...), Args: c.Args}, 80)
		}
	}
}
