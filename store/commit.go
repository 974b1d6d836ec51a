package store

// OnCommit has fn called once the transaction has committed, after bbolt
// released its writer lock, so that what fn starts sees what the
// transaction wrote; it is not called when the transaction rolls back.
// fn must not block for long: the caller of Update waits for it.
func (t *Tx) OnCommit(fn func()) { t.tx.OnCommit(fn) }
