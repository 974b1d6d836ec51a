package runs

import "path/filepath"

// Config is the playbooks section of breachd's configuration: which
// playbooks run, and whether the daemon answers their actions itself.
type Config struct {
	// Playbooks is the directory of playbook files; empty runs the
	// shipped examples.
	Playbooks string `yaml:"playbooks"`
	// ExampleActuator serves the example actuator in the daemon: actions
	// are answered by logging them. For demonstrations (make run).
	ExampleActuator bool `yaml:"example_actuator"`
}

// ResolvePaths makes a relative playbook directory relative to dir, the
// config file's directory.
func (c *Config) ResolvePaths(dir string) {
	if c.Playbooks != "" && !filepath.IsAbs(c.Playbooks) {
		c.Playbooks = filepath.Join(dir, c.Playbooks)
	}
}
