package daemon

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/breachd/breachd/drafts"
	"github.com/breachd/breachd/incident"
	"github.com/breachd/breachd/obligations"
	"github.com/breachd/breachd/regulations"
)

// regulatory is what the regulatory settings load: the regulation catalog
// (embedded or catalog_file, with the embedded or calendars_file holiday
// calendars), the data map, the organisation's details and the tracker
// that keeps obligations on time.
type regulatory struct {
	catalog      *regulations.Catalog
	dataMap      incident.DataMap
	organisation *drafts.Organisation
	tracker      *obligations.Tracker
}

// RegulatoryConfig is the regulatory section of the configuration.
type RegulatoryConfig struct {
	// ReminderOffsets are how long before each deadline a reminder goes
	// out.
	ReminderOffsets []time.Duration `yaml:"reminder_offsets"`
	// CatalogFile and CalendarsFile replace the embedded regulation catalog
	// and holiday calendars.
	CatalogFile   string `yaml:"catalog_file"`
	CalendarsFile string `yaml:"calendars_file"`
	// DataMapFile maps assets to the personal data they hold.
	DataMapFile string `yaml:"data_map_file"`
	// OrganisationFile holds the organisation's details for drafts.
	OrganisationFile string `yaml:"organisation_file"`
}

// DefaultRegulatoryConfig is the embedded catalog and calendars, no data
// map or organisation, and the default reminders.
func DefaultRegulatoryConfig() RegulatoryConfig {
	return RegulatoryConfig{ReminderOffsets: obligations.DefaultOffsets()}
}

// ResolvePaths makes the relative paths of the files relative to dir, the
// config file's directory.
func (c *RegulatoryConfig) ResolvePaths(dir string) {
	resolvePaths(dir, &c.CatalogFile, &c.CalendarsFile, &c.DataMapFile, &c.OrganisationFile)
}

// load reads and checks the files the section names, and builds the
// tracker with the reminder offsets. Each error names the setting and the
// file.
func (c *RegulatoryConfig) load() (*regulatory, error) {
	var (
		r    regulatory
		errs []error
	)
	cat, err := regulations.LoadFiles(c.CatalogFile, c.CalendarsFile)
	if err != nil {
		return nil, fmt.Errorf("catalog_file, calendars_file: %w", err)
	}
	r.catalog = cat
	if c.DataMapFile != "" {
		var doc struct {
			Assets incident.DataMap `yaml:"assets"`
		}
		if err := decodeYAMLFile(c.DataMapFile, &doc); err != nil {
			errs = append(errs, fmt.Errorf("data_map_file %s: %w", c.DataMapFile, err))
		} else if err := doc.Assets.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("data_map_file %s: %w", c.DataMapFile, err))
		}
		r.dataMap = doc.Assets
	}
	r.organisation = &drafts.Organisation{}
	if c.OrganisationFile != "" {
		if err := decodeYAMLFile(c.OrganisationFile, r.organisation); err != nil {
			errs = append(errs, fmt.Errorf("organisation_file %s: %w", c.OrganisationFile, err))
		} else if err := r.organisation.Validate(func(id string) bool { return r.catalog.Regime(id) != nil }); err != nil {
			errs = append(errs, fmt.Errorf("organisation_file %s: %w", c.OrganisationFile, err))
		}
	}
	tracker, err := obligations.NewTracker(r.catalog, c.ReminderOffsets)
	if err != nil {
		errs = append(errs, fmt.Errorf("reminder_offsets: %w", err))
	}
	r.tracker = tracker
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &r, nil
}

// decodeYAMLFile decodes the file strictly: an unknown key is an error
// with its line.
func decodeYAMLFile(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}
