package provider

import "testing"

func TestCloseClientsClosesEachOnce(t *testing.T) {
	a, b := newFakeAPI(), newFakeAPI()
	registerClient(a)
	registerClient(b)
	if err := CloseClients(); err != nil {
		t.Fatal(err)
	}
	if err := CloseClients(); err != nil {
		t.Fatal(err)
	}
	if a.closedCount != 1 || b.closedCount != 1 {
		t.Fatalf("closed %d and %d times, want once each", a.closedCount, b.closedCount)
	}
}
