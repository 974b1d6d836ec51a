package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAPDFDraftNeedsAFileToGoTo(t *testing.T) {
	r := runCtl(t, "", "draft", "INC-2026-0001", "gdpr_art33_sa", "--format", "pdf")
	require.Equal(t, exitError, r.code, r.String())
	require.Contains(t, r.stderr, "--format pdf writes a binary file: give --out FILE.pdf")
}
