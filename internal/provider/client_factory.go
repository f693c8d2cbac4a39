package provider

import (
	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient"
)

// newWindowsClient is the one place the provider constructs the real Windows client. The
// client does not connect until its first operation, so a configured provider that plans
// nothing sends nothing.
func newWindowsClient(cfg winclient.Config) (winclient.API, error) {
	c, err := winclient.New(cfg)
	if err != nil {
		return nil, err // not a nil *Client inside a non-nil interface
	}
	return c, nil
}
