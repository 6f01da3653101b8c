package export

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCSV reads the relation table back with encoding/csv: the header, then
// one row per relation and evidence sentence with the relation's values.
func TestCSV(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx, func(t *testing.T) {
			g := loadFixture(t, fx)
			rows, err := csv.NewReader(bytes.NewReader(write(t, "csv", g))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
				t.Fatalf("header %v", rows[0])
			}
			i := 1
			for _, r := range sortedRelations(g.Relations) {
				n := max(len(r.Evidence), 1)
				for k := 0; k < n; k++ {
					if i >= len(rows) {
						t.Fatalf("%d rows, want more", len(rows))
					}
					row := rows[i]
					i++
					if row[0] != r.Subject || row[3] != r.Predicate || row[4] != r.Object || row[7] != modalityOf(&r) ||
						row[8] != r.Location || row[10] != r.Date || row[11] != r.Role || row[12] != strconv.Itoa(r.Support) {
						t.Errorf("row %v for relation %+v", row, r)
					}
					if len(r.Evidence) > 0 {
						ev := r.Evidence[k]
						if row[13] != ev.Doc || row[14] != ev.Date || row[15] != strconv.Itoa(ev.Start) || row[16] != strconv.Itoa(ev.End) || row[17] != ev.Sentence {
							t.Errorf("row %v for evidence %+v", row, ev)
						}
					}
				}
			}
			if i != len(rows) {
				t.Errorf("%d rows, want %d", len(rows), i)
			}
			ents, err := csv.NewReader(bytes.NewReader(func() []byte {
				var b bytes.Buffer
				if err := WriteEntitiesCSV(&b, g); err != nil {
					t.Fatal(err)
				}
				return b.Bytes()
			}())).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(ents) != len(g.Entities)+1 || strings.Join(ents[0], ",") != strings.Join(EntityCSVHeader, ",") {
				t.Errorf("entity table: %d rows, header %v", len(ents), ents[0])
			}
		})
	}
}

// TestCSVPython reads the table with Python's csv module, as pandas users
// and scripts do: the same columns and the sentences byte for byte.
func TestCSVPython(t *testing.T) {
	py := pythonWith(t, "csv", "python3")
	g := loadFixture(t, "escapes")
	f := filepath.Join(t.TempDir(), "r.csv")
	if err := os.WriteFile(f, write(t, "csv", g), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
for r in rows:
    sys.stdout.write(r["subject"] + "\t" + r["predicate"] + "\t" + r["sentence"].replace("\n", "\\n").replace("\r", "\\r") + "\n")
`
	out, err := exec.Command(py, "-c", script, f).CombinedOutput()
	if err != nil {
		t.Fatalf("python csv: %v\n%s", err, out)
	}
	var want strings.Builder
	for _, r := range sortedRelations(g.Relations) {
		for _, ev := range r.Evidence {
			want.WriteString(r.Subject + "\t" + r.Predicate + "\t" + strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(ev.Sentence) + "\n")
		}
		if len(r.Evidence) == 0 {
			want.WriteString(r.Subject + "\t" + r.Predicate + "\t\n")
		}
	}
	if string(out) != want.String() {
		t.Errorf("python read:\n%s\nwant:\n%s", out, want.String())
	}
}
