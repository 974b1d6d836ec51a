package daemon

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
)

// Every file under examples/ parses to what it says: no value is cut short
// by a "#" that YAML reads as the start of a comment, and each loads with
// the loader the daemon uses for it.
func TestTheExamplesParseToWhatTheySay(t *testing.T) {
	files, err := filepath.Glob("../examples/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		var root yaml.Node
		require.NoError(t, yaml.NewDecoder(bytes.NewReader(data)).Decode(&root), name)
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode && n.Style == 0 && n.LineComment != "" {
				t.Errorf("%s:%d: %q is followed by %q, which YAML reads as a comment: quote the value", name, n.Line, n.Value, n.LineComment)
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(&root)
	}

	var org drafts.Organisation
	require.NoError(t, decodeYAMLFile("../examples/organisation.yaml", &org))
	require.Equal(t, "10 Pasir Panjang Road, #03-01 Mapletree Business City, Singapore 117438", org.Regulators["pdpa_26d1_pdpc"].Address)
	require.Equal(t, "Personal Data Protection Commission", org.Regulators["pdpa_26d1_pdpc"].Name)
	require.Equal(t, "Example Cloud Ltd", org.Name)

	var dm struct {
		Assets incident.DataMap `yaml:"assets"`
	}
	require.NoError(t, decodeYAMLFile("../examples/data-map.yaml", &dm))
	require.NoError(t, dm.Assets.Validate())
	require.NotEmpty(t, dm.Assets)

	raw, err := os.ReadFile("../examples/alert.json")
	require.NoError(t, err)
	var a incident.Alert
	require.NoError(t, json.Unmarshal(raw, &a))
	require.NoError(t, a.Validate())
	require.NotEmpty(t, a.PersonalData, "the example alert carries personal data, as the README shows")
}
