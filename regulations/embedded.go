package regulations

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/breachd/breachd/regulations/deadline"
)

// LoadFiles returns the catalog at catalogPath with the holiday calendars
// of calendarsFile; an empty path means the embedded one. A catalog path is
// one file, or a directory laid out as the embedded catalog: catalog.yaml
// (the version and coverage) and then every catalog/*.yaml in name order.
// Errors name the file.
func LoadFiles(catalogPath, calendarsFile string) (*Catalog, error) {
	if catalogPath == "" && calendarsFile == "" {
		return Default(), nil
	}
	// The embedded calendars are parsed only when no file replaces them.
	var cals *deadline.Calendars
	if calendarsFile == "" {
		cals = deadline.Default()
	} else {
		data, err := os.ReadFile(calendarsFile)
		if err == nil {
			cals, err = deadline.LoadCalendars(data)
		}
		if err != nil {
			return nil, fmt.Errorf("calendars %s: %w", calendarsFile, err)
		}
	}
	srcs := EmbeddedSources()
	if catalogPath != "" {
		var err error
		if srcs, err = readSources(catalogPath); err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
	}
	c, err := LoadSources(cals, srcs...)
	switch {
	case err == nil:
		return c, nil
	case catalogPath == "":
		// Only the calendars file can break the embedded catalog: it lacks
		// a calendar a regime names.
		return nil, fmt.Errorf("embedded catalog with calendars %s: %w", calendarsFile, err)
	default:
		return nil, fmt.Errorf("catalog %s: %w", catalogPath, err)
	}
}

// readSources reads a catalog file, or a catalog directory's catalog.yaml
// and catalog/*.yaml.
func readSources(path string) ([]Source, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		data, err := os.ReadFile(path)
		return []Source{{Name: path, Data: data}}, err
	}
	names, err := filepath.Glob(filepath.Join(path, "catalog", "*.yaml"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	names = append([]string{filepath.Join(path, "catalog.yaml")}, names...)
	srcs := make([]Source, 0, len(names))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, Source{Name: name, Data: data})
	}
	return srcs, nil
}
