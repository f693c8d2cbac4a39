// Command probe records how a user's Windows answers the WMI requests this project has no
// recording of (issue 20, item 7): an Enumerate of a class root\MSCluster does not have, a
// Get and a RemoveRegistryCheckpoint of a resource name no cluster uses, and the provider's
// projected WQL query. It is read-only: every name it sends exists nowhere, so nothing can
// change. It connects as the provider does, from the same EXCHANGE_WINRM_* variables, and
// writes the conversation with the recording's redaction (no headers, no tokens, the
// password replaced) to the file given:
//
//	EXCHANGE_WINRM_HOST=node1 EXCHANGE_WINRM_USERNAME='CORP\admin' EXCHANGE_WINRM_PASSWORD=... \
//	  go run ./tools/probe -record probe.jsonl
//
// It prints each answer's classification; `make replay RECORDING=probe.jsonl` classifies
// the recorded answers again, without Windows, after any change of the provider.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/recording"
)

func main() {
	record := flag.String("record", "", "the file to record the conversation to (required; appended to, mode 0600)")
	flag.Parse()
	if *record == "" {
		fmt.Fprintln(os.Stderr, "usage: probe -record FILE (connection from EXCHANGE_WINRM_HOST, _PORT, _HTTPS, _INSECURE, _CA_CERT, _TLS_SERVER_NAME, _USERNAME, _PASSWORD, _AUTH, _KERBEROS_*)")
		os.Exit(2)
	}
	cfg, err := configFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(2)
	}
	if err := run(cfg, *record, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
}

// run connects with cfg, recording to file, and prints each step's classification.
func run(cfg winclient.Config, file string, out io.Writer) error {
	// The client records when this variable names a file (the provider's own mechanism,
	// with its redaction).
	if err := os.Setenv(recording.EnvVar, file); err != nil {
		return err
	}
	c, err := winclient.New(cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), cfg.Timeout)
	defer cancel()
	fmt.Fprintf(out, "probe of %s, recorded to %s\n", cfg.Host, file)
	for _, s := range c.Probe(ctx) {
		fmt.Fprintln(out, s.String())
		if s.Kind == winclient.KindAuth || s.Kind == winclient.KindTransport && len(s.Codes) == 0 {
			return errors.New("the host could not be reached or refused the logon: fix the connection first (see the README, \"First contact\")")
		}
	}
	return nil
}

// configFromEnv reads the provider's EXCHANGE_WINRM_* variables (README, "Connecting to
// Windows").
func configFromEnv(getenv func(string) string) (winclient.Config, error) {
	env := func(name string) string { return strings.TrimSpace(getenv("EXCHANGE_WINRM_" + name)) }
	cfg := winclient.Config{
		Host: env("HOST"), TLSServerName: env("TLS_SERVER_NAME"), Username: env("USERNAME"),
		Password: getenv("EXCHANGE_WINRM_PASSWORD"), Auth: env("AUTH"), Timeout: 60 * time.Second,
		Kerberos: winclient.Kerberos{Realm: env("KERBEROS_REALM"), Krb5Conf: env("KERBEROS_KRB5_CONF"),
			SPN: env("KERBEROS_SPN"), CCachePath: env("KERBEROS_CCACHE")},
		CACert: []byte(getenv("EXCHANGE_WINRM_CA_CERT")), Transport: winclient.TransportWMI,
	}
	if cfg.Host == "" {
		return cfg, errors.New("EXCHANGE_WINRM_HOST is not set")
	}
	for _, b := range []struct {
		name string
		to   *bool
	}{{"HTTPS", &cfg.HTTPS}, {"INSECURE", &cfg.Insecure}} {
		if v := env(b.name); v != "" {
			on, err := strconv.ParseBool(v)
			if err != nil {
				return cfg, fmt.Errorf("EXCHANGE_WINRM_%s: %q is not true or false", b.name, v)
			}
			*b.to = on
		}
	}
	if v := env("PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return cfg, fmt.Errorf("EXCHANGE_WINRM_PORT: %q is not a port", v)
		}
		cfg.Port = p
	}
	if v := env("TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return cfg, fmt.Errorf("EXCHANGE_WINRM_TIMEOUT: %w", err)
		}
		cfg.Timeout = d
	}
	return cfg, nil
}
