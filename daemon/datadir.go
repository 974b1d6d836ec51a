package daemon

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/rs/zerolog"
)

// dataDirMode is the mode of the data directory: the database, its backups
// and anything else breachd keeps there are for its own user only.
const dataDirMode fs.FileMode = 0o700

// prepareDataDir creates the data directory with dataDirMode, or tightens an
// existing one that others may read or enter (a 0755 left by an installer or
// an earlier release) and logs once that it did. A directory breachd may not
// change (it belongs to another user) is left as it is with a warning: the
// database file inside is 0600 either way.
func prepareDataDir(dir string, log zerolog.Logger) error {
	if err := os.MkdirAll(dir, dataDirMode); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	was := info.Mode().Perm()
	if was&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(dir, dataDirMode); err != nil {
		if errors.Is(err, fs.ErrPermission) {
			log.Warn().Err(err).Str("data_dir", dir).Str("mode", fmt.Sprintf("%04o", was)).
				Msg("data directory is open to other users and cannot be tightened")
			return nil
		}
		return fmt.Errorf("data directory: %w", err)
	}
	log.Warn().Str("data_dir", dir).Str("was", fmt.Sprintf("%04o", was)).Str("now", fmt.Sprintf("%04o", dataDirMode)).
		Msg("data directory tightened")
	return nil
}
