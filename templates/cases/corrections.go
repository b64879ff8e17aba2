package cases

// PastDecision is one decision on a party and a list entry, for the hit's history.
type PastDecision struct {
	Verdict, Who, When, Reason string
	Correction                 bool // it carried out a confirmed correction
}

// HitCorrection is what the viewer sees of correcting a confirmed match.
type HitCorrection struct {
	CanPropose bool   // the viewer may propose a correction
	Pending    string // the waiting correction: who proposed it, when and why; "" when none waits
	CanAnswer  bool   // the viewer may confirm or decline the waiting correction
	WhyNot     string // why the viewer may not answer it
}
