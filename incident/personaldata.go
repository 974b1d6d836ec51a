package incident

import (
	"slices"
	"strings"
)

// widenFacts returns f widened by what an alert says about personal data,
// or nil when it adds nothing. Like the incident's personal data, facts from
// alerts only widen: new categories and jurisdictions are added, the subject
// estimate only grows, and "encrypted" holds only while every alert says so
// (an alert that does not say changes nothing).
// Jurisdictions that are not codes of the facts model are left out (the
// incident's personal_data keeps them as the alert said them). f is not
// modified; seed is the awareness time for an incident without facts.
func widenFacts(f *Facts, pd *PersonalData, seed Facts) *Facts {
	var nf *Facts
	if f == nil {
		s := seed
		nf = &s
	} else {
		nf = f.Clone()
	}
	if nf.PersonalDataAffected == nil {
		nf.PersonalDataAffected = ptrTo(true)
	}
	var cats []string
	for _, c := range pd.Categories {
		if strings.TrimSpace(c) != "" {
			cats = append(cats, c)
		}
	}
	nf.DataCategories = slices.Clone(nf.DataCategories)
	for _, c := range cats {
		nf.DataCategories = addBounded(nf.DataCategories, c, MaxListLen)
	}
	var codes []string
	for _, j := range pd.Jurisdictions {
		if j = strings.ToUpper(strings.TrimSpace(j)); ValidJurisdiction(j) {
			codes = append(codes, CanonicalJurisdiction(j))
		}
	}
	nf.Jurisdictions = union(nf.Jurisdictions, codes)
	if pd.Subjects > 0 && (nf.DataSubjects == nil || int64(*nf.DataSubjects) < pd.Subjects) {
		nf.DataSubjects = ptrTo(int(min(pd.Subjects, int64(maxInt))))
	}
	// An alert that does not say whether the data was encrypted leaves
	// encrypted as it was: unknown is not "not encrypted".
	switch {
	case pd.Encrypted == nil:
	case !*pd.Encrypted:
		if nf.Encrypted == nil || *nf.Encrypted {
			nf.Encrypted = ptrTo(false)
		}
	case nf.Encrypted == nil && f == nil:
		nf.Encrypted = ptrTo(true)
	}
	if f != nil && sameFacts(f, nf) {
		return nil
	}
	return nf
}

const maxInt = int(^uint(0) >> 1)

// sameFacts compares the fields widenFacts changes.
func sameFacts(a, b *Facts) bool {
	eq := func(x, y *int) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	eqb := func(x, y *bool) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return slices.Equal(a.DataCategories, b.DataCategories) && slices.Equal(a.Jurisdictions, b.Jurisdictions) &&
		eq(a.DataSubjects, b.DataSubjects) && eqb(a.Encrypted, b.Encrypted) && eqb(a.PersonalDataAffected, b.PersonalDataAffected)
}
