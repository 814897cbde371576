// list-oracle.go: writes the tables `aws-vault list` prints for the two
// keystores of t0022-cmd-list.sh, with the code of the Go tool's list
// command (BN cli/list.go: Go's text/tabwriter with minwidth 25,
// tabwidth 4, padding 2, every cell tab-terminated; labels from
// time.Duration; the leftover-label rule of stringslice.remove) and the
// BN v7.13.5 OIDC label of spec 3.3.  Keys are listed as the file backend
// lists them: sorted by file name.  Not run by meson (needs Go >= 1.19):
//
//	go run tests/data/cli/list-oracle.go tests/data/cli
package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

type session struct {
	typ, profile, mfa string
	expiry            time.Time
}

type store struct {
	now      time.Time
	profiles []string          // config order, [default] rule applied
	sections map[string]bool   // sections that exist ([default] too)
	startURL map[string]string // profile -> resolved SSO start URL
	ssoNames map[string]string // start URL -> [sso-session] name
	creds    []string
	sessions []session
	tokens   []string // start URLs
}

var b64 = base64.URLEncoding.WithPadding(base64.NoPadding)

func (s session) key() string {
	return fmt.Sprintf("%s,%s,%s,%d", s.typ, b64.EncodeToString([]byte(s.profile)),
		b64.EncodeToString([]byte(s.mfa)), s.expiry.Unix())
}

// The file backend's file name of a key: only '/' and '%' escaped.
func fileName(k string) string {
	return strings.NewReplacer("%", "%25", "/", "%2F").Replace(k)
}

// Key order of the file backend.
func sortedKeys(st *store) (creds []string, sessions []session, tokens []string) {
	byName := func(keys []string) []string {
		out := append([]string{}, keys...)
		sort.Slice(out, func(i, j int) bool { return fileName(out[i]) < fileName(out[j]) })
		return out
	}
	creds = byName(st.creds)
	tokKeys := []string{}
	for _, t := range st.tokens {
		tokKeys = append(tokKeys, "oidc:"+t)
	}
	for _, k := range byName(tokKeys) {
		tokens = append(tokens, strings.TrimPrefix(k, "oidc:"))
	}
	sessions = append([]session{}, st.sessions...)
	sort.Slice(sessions, func(i, j int) bool {
		return fileName(sessions[i].key()) < fileName(sessions[j].key())
	})
	return
}

func oidcLabel(st *store, u string) string {
	if n, ok := st.ssoNames[u]; ok {
		return "oidc:" + n
	}
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return "oidc:" + p.Host
	}
	return "oidc:" + u
}

func sessionLabel(st *store, s session) string {
	return fmt.Sprintf("%s:%s", s.typ, s.expiry.Sub(st.now).Truncate(time.Second))
}

func remove(ss, drop []string) (out []string) {
	for _, s := range ss {
		found := false
		for _, d := range drop {
			found = found || d == s
		}
		if !found {
			out = append(out, s)
		}
	}
	return
}

func table(out io.Writer, st *store) {
	creds, sessions, tokens := sortedKeys(st)
	all := []string{}
	for _, t := range tokens {
		all = append(all, oidcLabel(st, t))
	}
	for _, s := range sessions {
		all = append(all, sessionLabel(st, s))
	}
	shown := []string{}
	w := tabwriter.NewWriter(out, 25, 4, 2, ' ', 0)
	fmt.Fprintln(w, "Profile\tCredentials\tSessions\t")
	fmt.Fprintln(w, "=======\t===========\t========\t")
	for _, p := range st.profiles {
		fmt.Fprintf(w, "%s\t", p)
		has := false
		for _, c := range creds {
			has = has || c == p
		}
		if has {
			fmt.Fprintf(w, "%s\t", p)
		} else {
			fmt.Fprintf(w, "-\t")
		}
		labels := []string{}
		if u, ok := st.startURL[p]; ok {
			for _, t := range tokens {
				if t == u {
					labels = append(labels, oidcLabel(st, t))
				}
			}
		}
		for _, s := range sessions {
			if s.profile == p {
				labels = append(labels, sessionLabel(st, s))
			}
		}
		if len(labels) > 0 {
			fmt.Fprintf(w, "%s\t\n", strings.Join(labels, ", "))
		} else {
			fmt.Fprintf(w, "-\t\n")
		}
		shown = append(shown, labels...)
	}
	for _, c := range creds {
		if !st.sections[c] {
			fmt.Fprintf(w, "-\t%s\t-\t\n", c)
		}
	}
	for _, l := range remove(all, shown) {
		fmt.Fprintf(w, "-\t-\t%s\t\n", l)
	}
	w.Flush()
}

func main() {
	dir := os.Args[1]
	write := func(name string, st *store) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			panic(err)
		}
		table(f, st)
		f.Close()
	}
	// The example of spec 3.3.
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	write("list-spec.txt", &store{
		now:      now,
		profiles: []string{"jonsmith", "a-very-long-profile-name-over-25"},
		sections: map[string]bool{"jonsmith": true, "a-very-long-profile-name-over-25": true},
		creds:    []string{"jonsmith", "orphan"},
		sessions: []session{{"sts.GetSessionToken", "jonsmith", "", now.Add(3599 * time.Second)}},
	})
	// Everything else: a [default] too empty to be listed whose key is
	// stored, a non-ASCII name, SSO tokens by [sso-session] name and by
	// host, an expired session, a session and a token of no profile, and
	// a leftover label equal to a shown one (Go hides it), and the legacy
	// key "session,c2Vzc2lvbg,,1572281751", which Go's current-format
	// pattern matches too.
	write("list-mixed.txt", &store{
		now:      now,
		profiles: []string{"dev", "prød", "ops"},
		sections: map[string]bool{"default": true, "dev": true, "prød": true, "ops": true},
		startURL: map[string]string{"dev": "https://corp.awsapps.com/start",
			"ops": "https://ops.awsapps.com/start"},
		ssoNames: map[string]string{"https://corp.awsapps.com/start": "corp"},
		creds:    []string{"default", "prød", "orphan-key"},
		sessions: []session{
			{"sts.GetSessionToken", "dev", "", now.Add(7*time.Hour + 59*time.Minute)},
			{"sts.AssumeRole", "prød", "arn:aws:iam::111111111111:mfa/me", now.Add(-5 * time.Second)},
			{"sts.GetSessionToken", "ghost", "", now.Add(time.Hour)},
			{"sts.GetSessionToken", "ghost2", "", now.Add(7*time.Hour + 59*time.Minute)},
			// A legacy key that also parses as a current one.
			{"session", "session", "", time.Unix(1572281751, 0)},
		},
		tokens: []string{"https://corp.awsapps.com/start", "https://ops.awsapps.com/start",
			"https://other.example.com/start"},
	})
	// The Go-made store of shared/testdata/go-file-backend under the
	// pinned clock of t0040 (its sessions end at 02:17:06).
	goNow := time.Date(2026, 11, 30, 1, 30, 0, 0, time.UTC)
	goEnd := time.Unix(1796005026, 0)
	write("list-go.txt", &store{
		now:      goNow,
		profiles: []string{"default", "p3", "p1", "org/dev"},
		sections: map[string]bool{"default": true, "p3": true, "p1": true, "org/dev": true},
		creds:    []string{"p1", "org/dev", "p3"},
		sessions: []session{
			{"sts.GetSessionToken", "p1", "", goEnd},
			{"sts.GetSessionToken", "org/dev", "", goEnd},
			{"sts.GetSessionToken", "p3", "arn:aws:iam::123456789012:mfa/peeruser", goEnd},
		},
	})
	// Print the session keys, for the test to create.
	for _, s := range []session{
		{"sts.GetSessionToken", "jonsmith", "", now.Add(3599 * time.Second)},
		{"sts.GetSessionToken", "dev", "", now.Add(7*time.Hour + 59*time.Minute)},
		{"sts.AssumeRole", "prød", "arn:aws:iam::111111111111:mfa/me", now.Add(-5 * time.Second)},
		{"sts.GetSessionToken", "ghost", "", now.Add(time.Hour)},
		{"sts.GetSessionToken", "ghost2", "", now.Add(7*time.Hour + 59*time.Minute)},
	} {
		fmt.Println(s.key())
	}
}
