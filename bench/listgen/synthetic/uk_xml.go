package synthetic

import (
	"encoding/xml"
	"fmt"
)

// The elements of the UK Sanctions List XML, as encoding/xml writes them.
// Optional elements are omitempty or lists written only when they hold
// something; NonLatinNames and UKStatementofReasons are always written,
// empty or not, as the list does.

type ukDesignation struct {
	XMLName                    xml.Name          `xml:"Designation"`
	LastUpdated                string            `xml:"LastUpdated"`
	DateDesignated             string            `xml:"DateDesignated"`
	UniqueID                   string            `xml:"UniqueID"`
	OFSIGroupID                string            `xml:"OFSIGroupID,omitempty"`
	UNReferenceNumber          string            `xml:"UNReferenceNumber,omitempty"`
	Names                      []ukName          `xml:"Names>Name"`
	NonLatinNames              ukNonLatinNames   `xml:"NonLatinNames"`
	Titles                     ukList[string]    `xml:"Titles"`
	RegimeName                 string            `xml:"RegimeName"`
	IndividualEntityShip       string            `xml:"IndividualEntityShip"`
	DesignationSource          string            `xml:"DesignationSource"`
	SanctionsImposed           string            `xml:"SanctionsImposed"`
	SanctionsImposedIndicators ukIndicators      `xml:"SanctionsImposedIndicators"`
	OtherInformation           string            `xml:"OtherInformation,omitempty"`
	UKStatementofReasons       string            `xml:"UKStatementofReasons"`
	Addresses                  ukList[ukAddress] `xml:"Addresses"`
	PhoneNumbers               ukList[string]    `xml:"PhoneNumbers"`
	EmailAddresses             ukList[string]    `xml:"EmailAddresses"`
	Websites                   ukList[string]    `xml:"Websites"`
	Individual                 *ukIndividual     `xml:"IndividualDetails>Individual,omitempty"`
	Entity                     *ukEntity         `xml:"EntityDetails>Entity,omitempty"`
	Ship                       *ukShip           `xml:"ShipDetails>Ship,omitempty"`
}

type ukName struct {
	Name1         string `xml:"Name1,omitempty"`
	Name2         string `xml:"Name2,omitempty"`
	Name3         string `xml:"Name3,omitempty"`
	Name4         string `xml:"Name4,omitempty"`
	Name5         string `xml:"Name5,omitempty"`
	Name6         string `xml:"Name6,omitempty"`
	NameType      string `xml:"NameType"`
	AliasStrength string `xml:"AliasStrength,omitempty"`
}

type ukNonLatinNames struct {
	Names []ukNonLatinName `xml:"NonLatinName"`
}

type ukNonLatinName struct {
	Text string `xml:"NameNonLatinScript"`
}

type ukIndicators struct {
	AssetFreeze                      string `xml:"AssetFreeze,omitempty"`
	TravelBan                        string `xml:"TravelBan,omitempty"`
	DirectorDisqualificationSanction string `xml:"DirectorDisqualificationSanction,omitempty"`
	ProhibitionOfPortEntry           string `xml:"ProhibitionOfPortEntry,omitempty"`
}

type ukAddress struct {
	Line1      string `xml:"AddressLine1,omitempty"`
	Line2      string `xml:"AddressLine2,omitempty"`
	Line3      string `xml:"AddressLine3,omitempty"`
	Line4      string `xml:"AddressLine4,omitempty"`
	Line5      string `xml:"AddressLine5,omitempty"`
	Line6      string `xml:"AddressLine6,omitempty"`
	PostalCode string `xml:"AddressPostalCode,omitempty"`
	Country    string `xml:"AddressCountry,omitempty"`
}

type ukIndividual struct {
	DOBs           ukList[string]          `xml:"DOBs"`
	Nationalities  ukList[string]          `xml:"Nationalities"`
	Genders        ukList[string]          `xml:"Genders"`
	Positions      ukList[string]          `xml:"Positions"`
	Passports      ukList[ukPassport]      `xml:"PassportDetails"`
	NationalIDs    ukList[ukNationalID]    `xml:"NationalIdentifierDetails"`
	BirthLocations ukList[ukBirthLocation] `xml:"BirthDetails"`
}

type ukPassport struct {
	Number     string `xml:"PassportNumber"`
	Additional string `xml:"PassportAdditionalInformation,omitempty"`
}

type ukNationalID struct {
	Number     string `xml:"NationalIdentifierNumber"`
	Additional string `xml:"NationalIdentifierAdditionalInformation,omitempty"`
}

type ukBirthLocation struct {
	Town    string `xml:"TownOfBirth,omitempty"`
	Country string `xml:"CountryOfBirth,omitempty"`
}

type ukEntity struct {
	Types         ukList[string] `xml:"TypeOfEntities"`
	Registrations ukList[string] `xml:"BusinessRegistrationNumbers"`
	Parents       ukList[string] `xml:"ParentCompanies"`
	Subsidiaries  ukList[string] `xml:"Subsidiaries"`
}

type ukShip struct {
	IMONumbers []string       `xml:"IMONumbers>IMONumber"`
	Owners     ukList[string] `xml:"CurrentOwnerOperators"`
	Flags      ukList[string] `xml:"CurrentBelievedFlagOfShips"`
	Previous   ukList[string] `xml:"PreviousFlags"`
	Type       string         `xml:"TypeOfShipDetails>TypeOfShip"`
	Tonnage    string         `xml:"TonnageOfShipDetails>TonnageOfShip"`
	Length     string         `xml:"LengthOfShipDetails>LengthOfShip"`
}

// ukList is a list element such as Titles, holding item elements such as
// Title, written only when it holds something (encoding/xml writes the
// parent of an empty "Titles>Title,omitempty" field all the same).
type ukList[T any] []T

// ukListItems names the items of each list element.
var ukListItems = map[string]string{
	"Titles":                      "Title",
	"Addresses":                   "Address",
	"PhoneNumbers":                "PhoneNumber",
	"EmailAddresses":              "EmailAddress",
	"Websites":                    "Website",
	"DOBs":                        "DOB",
	"Nationalities":               "Nationality",
	"Genders":                     "Gender",
	"Positions":                   "Position",
	"PassportDetails":             "Passport",
	"NationalIdentifierDetails":   "NationalIdentifier",
	"BirthDetails":                "Location",
	"TypeOfEntities":              "TypeOfEntity",
	"BusinessRegistrationNumbers": "BusinessRegistrationNumber",
	"ParentCompanies":             "ParentCompany",
	"Subsidiaries":                "Subsidiary",
	"CurrentOwnerOperators":       "CurrentOwnerOperator",
	"CurrentBelievedFlagOfShips":  "CurrentBelievedFlagOfShip",
	"PreviousFlags":               "PreviousFlag",
}

func (l ukList[T]) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if len(l) == 0 {
		return nil
	}
	item, ok := ukListItems[start.Name.Local]
	if !ok {
		return fmt.Errorf("no item element known for <%s>", start.Name.Local)
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, v := range l {
		if err := e.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: item}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}
